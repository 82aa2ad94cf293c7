import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Button } from "@/components/ui";
import { signInWithOidcAction } from "@/lib/actions/auth";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { CLOSED_MESSAGE, INVITE_ONLY_MESSAGE } from "@/lib/server/accounts/sign-up-policy";
import { readOidcSettings } from "@/lib/server/auth/oidc";
import { getConfig } from "@/lib/server/config/env";
import { getViewer } from "@/lib/server/auth/viewer";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ callbackUrl?: string; email?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl: requested, email, error } = await searchParams;
  const callbackUrl = safeRedirectPath(requested, "/", getConfig().appUrl);
  if (await getViewer()) redirect(callbackUrl);
  const oidc = readOidcSettings();
  return (
    <AuthCard title="Sign in to Pilothouse" subtitle="Every cluster, one place.">
      {error ? (
        <p role="alert" className="mb-4 rounded-md bg-danger/10 px-3 py-2 text-sm text-danger">
          {signInProblem(error)}
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} defaultEmail={email} />
      {oidc ? (
        <form action={signInWithOidcAction} className="mt-4">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Button type="submit" variant="secondary" className="w-full" data-testid="signin-oidc">
            Continue with {oidc.name}
          </Button>
        </form>
      ) : null}
    </AuthCard>
  );
}

/** Auth.js reports problems as ?error=<type>; say what to do, not just that it failed. */
function signInProblem(error: string) {
  switch (error) {
    case "OAuthAccountNotLinked":
      return "An account with this email already exists. Sign in with your password; accounts are never linked by email automatically.";
    case "SignUpRefused":
      return getConfig().signUpPolicy === "closed" ? CLOSED_MESSAGE : INVITE_ONLY_MESSAGE;
    case "AccessDenied":
      return "The identity provider did not confirm this email address, so Pilothouse cannot sign you in with it.";
    default:
      return "Sign-in did not complete. Try again.";
  }
}
