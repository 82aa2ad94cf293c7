"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui";
import { acceptInvitationAction } from "@/lib/actions/invitations";

/** Join the org. Success redirects into it; a refusal is explained right under the button. */
export function AcceptInviteButton({ token, orgName }: { token: string; orgName: string }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function accept() {
    setError(undefined);
    startTransition(async () => {
      const result = await acceptInvitationAction({ token });
      if (result.ok) return;
      setError(result.error.message);
    });
  }

  return (
    <div className="flex flex-col gap-3">
      <Button size="lg" className="w-full" loading={pending} onClick={accept} data-testid="accept-invite">
        Join {orgName}
      </Button>
      {error ? (
        <p
          role="alert"
          data-testid="accept-invite-error"
          className="rounded-md bg-danger/10 px-3 py-2 text-sm text-danger"
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}
