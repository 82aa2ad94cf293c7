import type { Metadata } from "next";
import { InviteForm } from "@/components/members/invite-form";
import { MembersTable } from "@/components/members/members-table";
import { PendingInvitations } from "@/components/members/pending-invitations";
import { SettingsNav } from "@/components/members/settings-nav";
import { PageHeader } from "@/components/shell/page-header";
import { can, denialReason } from "@/lib/permissions";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { listPendingInvitations } from "@/lib/server/orgs/invitations";
import { listMembers } from "@/lib/server/orgs/members";
import { serializeInvitation, serializeMember } from "@/lib/server/orgs/serialize";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const viewer = await requireOrgViewer();
  const mayInvite = can(viewer.role, "members.invite");
  const [members, invitations] = await Promise.all([
    listMembers(viewer.org.id),
    mayInvite ? listPendingInvitations(viewer.org.id) : Promise.resolve([]),
  ]);
  const membersViewer = { userId: viewer.user.id, role: viewer.role, orgName: viewer.org.name };
  return (
    <>
      <PageHeader
        title="Members"
        description={`People in ${viewer.org.name} and what they may do. You are ${article(viewer.role)} ${viewer.role}.`}
      />
      <SettingsNav current="members" />
      <div className="flex flex-col gap-8">
        <MembersTable members={members.map(serializeMember)} viewer={membersViewer} />
        {mayInvite ? (
          <>
            <InviteForm viewer={membersViewer} />
            <PendingInvitations invitations={invitations.map(serializeInvitation)} />
          </>
        ) : (
          <p
            data-testid="invite-forbidden"
            className="rounded-lg border border-dashed border-border-strong px-4 py-6 text-center text-sm text-text-muted"
          >
            Inviting people: {denialReason("members.invite").toLowerCase()}. Ask an admin or owner of {viewer.org.name}.
          </p>
        )}
      </div>
    </>
  );
}

function article(role: string) {
  return role === "viewer" ? "a" : "an";
}
