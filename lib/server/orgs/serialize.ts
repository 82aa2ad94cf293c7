import type { Role } from "@/lib/permissions";
import type { Invitation, PendingInvitation } from "./invitations";
import type { Member } from "./members";

/**
 * What leaves the server about members and invitations: explicit allowlists, so a new column
 * (a token hash, say) never reaches a browser or an API client by accident.
 */
export type MemberDto = {
  id: string;
  role: Role;
  joinedAt: string;
  user: { id: string; email: string; name: string | null };
};

export type InvitationDto = {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  invitedBy: { name: string | null; email: string } | null;
};

export function serializeMember(member: Member): MemberDto {
  return {
    id: member.id,
    role: member.role,
    joinedAt: member.createdAt.toISOString(),
    user: { id: member.user.id, email: member.user.email, name: member.user.name },
  };
}

export function serializeInvitation(invitation: Invitation | PendingInvitation): InvitationDto {
  const invitedBy = "invitedBy" in invitation && invitation.invitedBy ? invitation.invitedBy : null;
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    invitedBy: invitedBy && { name: invitedBy.name, email: invitedBy.email },
  };
}
