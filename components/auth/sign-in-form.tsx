"use client";

import Link from "next/link";
import { useActionState } from "react";
import { type AuthFormState, signInAction } from "@/lib/actions/auth";
import { Button, Input } from "@/components/ui";
import { FormError } from "./auth-card";

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail?: string }) {
  const [state, formAction, pending] = useActionState<AuthFormState, FormData>(signInAction, undefined);
  return (
    // noValidate: the browser's own bubbles ("Please lengthen this text") would speak instead of the
    // app; the server checks every field and the form shows each message under its field.
    <form
      noValidate
      action={formAction}
      data-testid="sign-in-form"
      className="flex flex-col gap-4 rounded-xl border border-border bg-surface-raised p-6 shadow-sm"
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state?.error} />
      <Input
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        required
        defaultValue={state?.values?.email ?? defaultEmail}
        error={state?.fieldErrors?.email}
        data-testid="signin-email"
      />
      <Input
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state?.fieldErrors?.password}
        data-testid="signin-password"
      />
      <Button type="submit" loading={pending} className="mt-2 w-full" data-testid="signin-submit">
        Sign in
      </Button>
      <p className="text-center text-sm text-text-muted">
        New to Pilothouse?{" "}
        <Link href="/sign-up" className="font-medium text-accent hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
