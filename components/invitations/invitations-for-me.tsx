"use client";

import { useState, useTransition } from "react";
import { Badge, Button } from "@/components/ui";
import { joinInvitationAction } from "@/lib/actions/invitations";

export type InvitationForMeRow = {
  id: string;
  role: string;
  expiresAt: string;
  org: { name: string };
  inviter: string | null;
};

/**
 * Where someone without an organization lands: the invitations waiting for their email, each with
 * one "Join". When nothing proves the email is theirs (a password account that never joined
 * through a link), only the link can: then it says an invitation waits and what to open, without
 * naming the org (docs/decisions/0074-invitations-ask-and-join.md).
 */
export function InvitationsForMe({
  invitations,
  canJoinHere,
  email,
}: {
  invitations: InvitationForMeRow[];
  canJoinHere: boolean;
  email: string;
}) {
  return (
    <section
      aria-labelledby="invited-heading"
      data-testid="invitations-for-me"
      className="rounded-xl border border-accent/40 bg-surface-raised p-4 shadow-sm"
    >
      <h2 id="invited-heading" className="px-2 pb-2 text-sm font-medium text-text">
        {invitations.length === 1 ? "You have an invitation" : `You have ${invitations.length} invitations`}
      </h2>
      {canJoinHere ? (
        <ul className="flex flex-col gap-1">
          {invitations.map((invitation) => (
            <InvitationItem key={invitation.id} invitation={invitation} />
          ))}
        </ul>
      ) : (
        <p className="px-2 pt-2 text-xs text-text-muted">
          To join, open the invitation link that was sent to {email}: it proves the invitation reached you, and adds you
          in one click.
        </p>
      )}
    </section>
  );
}

function InvitationItem({ invitation }: { invitation: InvitationForMeRow }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  function join() {
    setError(undefined);
    startTransition(async () => {
      // Success redirects into the org; only a refusal comes back.
      const result = await joinInvitationAction({ invitationId: invitation.id });
      if (!result.ok) setError(result.error.message);
    });
  }
  return (
    <li data-testid={`invitation-for-me-${invitation.org.name}`} className="flex flex-col gap-1 rounded-md px-2 py-1.5">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <div className="min-w-0 flex-1">
          <p className="font-medium break-words text-text">{invitation.org.name}</p>
          <p className="text-xs text-text-muted">
            {invitation.inviter ? `Invited by ${invitation.inviter}` : "Invited"} · until{" "}
            {invitation.expiresAt.slice(0, 10)}
          </p>
        </div>
        <Badge tone="info">{invitation.role}</Badge>
        <Button size="sm" loading={pending} onClick={join} data-testid={`join-${invitation.org.name}`}>
          Join
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </li>
  );
}
