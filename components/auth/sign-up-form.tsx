"use client";

import Link from "next/link";
import { useActionState } from "react";
import { type AuthFormState, signUpAction } from "@/lib/actions/auth";
import { Button, Input } from "@/components/ui";
import { FormError } from "./auth-card";

/** Sign up. With an invitation the org comes from the invite; otherwise the new user founds one. */
export function SignUpForm({ invite, defaultEmail }: { invite?: string; defaultEmail?: string }) {
  const [state, formAction, pending] = useActionState<AuthFormState, FormData>(signUpAction, undefined);
  const errors = state?.fieldErrors ?? {};
  return (
    // noValidate: the browser's own bubbles ("Please lengthen this text") would speak instead of the
    // app; the server checks every field and the form shows each message under its field.
    <form
      noValidate
      action={formAction}
      data-testid="sign-up-form"
      className="flex flex-col gap-4 rounded-xl border border-border bg-surface-raised p-6 shadow-sm"
    >
      {invite ? <input type="hidden" name="invite" value={invite} /> : null}
      <FormError message={state?.error} />
      <Input
        label="Name"
        name="name"
        autoComplete="name"
        required
        defaultValue={state?.values?.name}
        error={errors.name}
        data-testid="signup-name"
      />
      <Input
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        required
        defaultValue={state?.values?.email ?? defaultEmail}
        error={errors.email}
        data-testid="signup-email"
      />
      <Input
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={errors.password}
        data-testid="signup-password"
      />
      {invite ? null : (
        <Input
          label="Organization"
          name="orgName"
          required
          hint="Your team's name. You become its owner and can invite others."
          defaultValue={state?.values?.orgName}
          error={errors.orgName}
          data-testid="signup-org"
        />
      )}
      <Button type="submit" loading={pending} className="mt-2 w-full" data-testid="signup-submit">
        Create account
      </Button>
      <p className="text-center text-sm text-text-muted">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-accent hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
