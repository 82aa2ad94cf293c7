import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { InvitationsForMe } from "@/components/invitations/invitations-for-me";
import { OpenOrgButton } from "@/components/invitations/open-org-button";
import { CreateOrgForm } from "@/components/shell/create-org-dialog";
import { Button } from "@/components/ui";
import { signOutAction } from "@/lib/actions/session";
import { requireViewer } from "@/lib/server/auth/viewer";
import { listInvitationsFor, mayJoinWithoutLink } from "@/lib/server/orgs/invitations";

export const metadata: Metadata = { title: "Choose an organization" };
export const dynamic = "force-dynamic";

/**
 * Where a signed-in person without a usable org lands: removed from the one they were working
 * in, signed in through single sign-on without one, or just choosing.
 */
export default async function OrgsPage() {
  const viewer = await requireViewer();
  const { memberships } = viewer;
  const memberOf = new Set(memberships.map((membership) => membership.org.id));
  const [invitations, canJoinHere] = await Promise.all([
    listInvitationsFor(viewer.user.email).then((list) => list.filter((item) => !memberOf.has(item.org.id))),
    mayJoinWithoutLink(viewer.user.id),
  ]);
  return (
    <AuthCard
      title="Pick an organization or create one"
      subtitle={
        memberships.length > 0
          ? "Choose where to work. You can switch at any time from the top bar."
          : invitations.length > 0
            ? "You are not in any organization yet, but you have been invited."
            : "You are not in any organization yet. Create one, or open the invitation link someone sent you."
      }
    >
      <div data-testid="no-org-page" className="flex flex-col gap-6">
        {invitations.length > 0 ? (
          <InvitationsForMe
            email={viewer.user.email}
            canJoinHere={canJoinHere}
            invitations={(canJoinHere ? invitations : invitations.map(withoutDetails)).map((invitation) => ({
              id: invitation.id,
              role: invitation.role,
              expiresAt: invitation.expiresAt.toISOString(),
              org: { name: invitation.org.name },
              inviter: invitation.inviter ? invitation.inviter.name || invitation.inviter.email : null,
            }))}
          />
        ) : null}
        {memberships.length > 0 ? (
          <section
            aria-labelledby="your-orgs"
            className="rounded-xl border border-border bg-surface-raised p-4 shadow-sm"
          >
            <h2 id="your-orgs" className="px-2 pb-2 text-sm font-medium text-text-muted">
              Your organizations
            </h2>
            <ul className="flex flex-col gap-1">
              {memberships.map((membership) => (
                <li key={membership.org.id} className="flex items-center gap-3 rounded-md px-2 py-1.5">
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium text-text">{membership.org.name}</p>
                    <p className="text-xs text-text-muted capitalize">{membership.role}</p>
                  </div>
                  <OpenOrgButton
                    org={membership.org}
                    variant={viewer.org?.id === membership.org.id ? "primary" : "secondary"}
                    size="sm"
                    data-testid={`open-org-${membership.org.name}`}
                  >
                    Open
                  </OpenOrgButton>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section aria-labelledby="new-org" className="rounded-xl border border-border bg-surface-raised p-4 shadow-sm">
          <h2 id="new-org" className="pb-3 text-sm font-medium text-text-muted">
            New organization
          </h2>
          <CreateOrgForm />
        </section>
        <div className="flex flex-col items-center gap-1 text-center text-sm text-text-muted">
          <p>
            Signed in as <span className="break-all text-text">{viewer.user.email}</span>
          </p>
          <form action={signOutAction}>
            <Button type="submit" variant="ghost" size="sm" data-testid="no-org-sign-out">
              Sign out
            </Button>
          </form>
        </div>
      </div>
    </AuthCard>
  );
}

/** Nothing but the count leaves the server when only the link can prove the invitation is theirs. */
function withoutDetails<T extends { org: { name: string }; inviter: unknown }>(invitation: T): T {
  return { ...invitation, org: { ...invitation.org, name: "" }, inviter: null };
}
