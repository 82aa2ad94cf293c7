"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useState } from "react";
import { Button, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { revokeInvitationAction } from "@/lib/actions/invitations";
import { displayName, formatDate } from "./format";
import type { InvitationRow } from "./types";

export function PendingInvitations({ invitations }: { invitations: InvitationRow[] }) {
  const [revoking, setRevoking] = useState<InvitationRow | null>(null);
  return (
    <section aria-labelledby="pending-heading">
      <h2 id="pending-heading" className="mb-3 text-base font-semibold text-text">
        Pending invitations
      </h2>
      {invitations.length === 0 ? (
        <p
          data-testid="invitations-empty"
          className="rounded-lg border border-dashed border-border-strong px-4 py-6 text-center text-sm text-text-muted"
        >
          No pending invitations. Links that were accepted, revoked or have expired are not listed.
        </p>
      ) : (
        <Table
          caption="Pending invitations"
          hideCaption
          containerClassName="relative"
          stacked
          data-testid="invitations-table"
        >
          <THead>
            <tr>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Invited by</Th>
              <Th>Expires</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {invitations.map((invitation) => (
              <Tr key={invitation.id} data-testid={`invitation-row-${invitation.email}`}>
                <Td className="max-w-64 break-all">{invitation.email}</Td>
                <Td data-label="Role" className="capitalize">
                  {invitation.role}
                </Td>
                <Td data-label="Invited by" className="max-w-48 break-words text-text-muted">
                  {invitation.invitedBy ? displayName(invitation.invitedBy) : "A former member"}
                </Td>
                <Td data-label="Expires" className="whitespace-nowrap text-text-muted">
                  <time dateTime={invitation.expiresAt}>{formatDate(invitation.expiresAt)}</time>
                </Td>
                <Td className="sm:text-right">
                  <Button
                    variant="secondary"
                    size="sm"
                    data-testid={`invitation-revoke-${invitation.email}`}
                    aria-label={`Revoke the invitation for ${invitation.email}`}
                    onClick={() => setRevoking(invitation)}
                  >
                    Revoke
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <RevokeDialog invitation={revoking} onClose={() => setRevoking(null)} />
    </section>
  );
}

function RevokeDialog({ invitation, onClose }: { invitation: InvitationRow | null; onClose: () => void }) {
  return (
    <ConfirmDialog
      open={invitation !== null}
      onClose={onClose}
      testId="revoke-invitation-dialog"
      confirmTestId="invitation-revoke-confirm"
      title={`Revoke the invitation for ${invitation?.email ?? ""}?`}
      description="The link stops working at once. You can invite them again later."
      confirmLabel="Revoke invitation"
      action={() => revokeInvitationAction({ invitationId: invitation!.id })}
      success={{ title: `Revoked the invitation for ${invitation?.email}` }}
      failureTitle="Could not revoke the invitation"
    />
  );
}
