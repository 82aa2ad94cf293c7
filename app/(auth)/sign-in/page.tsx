import type { Metadata } from "next";
import { LogoMark } from "@/components/shell/icons";
import { Button, Input } from "@/components/ui";

export const metadata: Metadata = { title: "Sign in" };

// Placeholder: the form is complete visually but cannot submit until accounts exist.
export default function SignInPage() {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-surface px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-3 text-center text-accent">
          <LogoMark className="size-10" />
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-text">Sign in to Pilothouse</h1>
            <p className="mt-1 text-sm text-text-muted">Every cluster, one place.</p>
          </div>
        </div>
        {/* method="post" so that, should it ever submit, the password never lands in a URL. */}
        <form
          method="post"
          data-testid="sign-in-form"
          aria-describedby="sign-in-note"
          className="flex flex-col gap-4 rounded-xl border border-border bg-surface-raised p-6 shadow-sm"
        >
          <Input
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            required
            data-testid="sign-in-email"
          />
          <Input
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            data-testid="sign-in-password"
          />
          <Button type="submit" disabled className="mt-2 w-full" data-testid="sign-in-submit">
            Sign in
          </Button>
          <p
            id="sign-in-note"
            data-testid="sign-in-note"
            className="rounded-md bg-info/10 px-3 py-2 text-center text-xs text-text-muted"
          >
            Sign-in arrives with accounts.
          </p>
        </form>
      </div>
    </main>
  );
}
