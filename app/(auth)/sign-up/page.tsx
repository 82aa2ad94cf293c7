import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { buttonClassName } from "@/components/ui";
import { decideSignUp } from "@/lib/server/accounts/sign-up-policy";
import { getViewer } from "@/lib/server/auth/viewer";

export const metadata: Metadata = { title: "Create your account" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ invite?: string; email?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const { invite, email } = await searchParams;
  if (await getViewer()) redirect(invite ? `/invite/${encodeURIComponent(invite)}` : "/");
  const decision = await decideSignUp({});
  // Invite-only still lets an invitee through; the action checks the link against the email.
  const invitee = Boolean(invite) && !decision.allowed && decision.policy === "invite-only";
  if (!decision.allowed && !invitee) {
    return (
      <AuthCard title="Sign-up is not open here" subtitle="This Pilothouse decides who gets an account.">
        <div
          data-testid="sign-up-closed"
          data-policy={decision.policy}
          className="flex flex-col gap-4 rounded-xl border border-border bg-surface-raised p-6 text-sm text-text shadow-sm"
        >
          <p>{decision.message}</p>
          <Link href="/sign-in" className={buttonClassName({ variant: "secondary" })}>
            I have an account: sign in
          </Link>
        </div>
      </AuthCard>
    );
  }
  const firstAccount = decision.allowed && decision.firstAccount;
  return (
    <AuthCard
      title="Create your Pilothouse account"
      subtitle={
        invite
          ? "You were invited to an organization: you join it as soon as your account exists."
          : firstAccount
            ? "You are the first person here: you will own the first organization and can invite your team."
            : "Start an organization for your team."
      }
    >
      <SignUpForm invite={invite} defaultEmail={email} />
    </AuthCard>
  );
}
