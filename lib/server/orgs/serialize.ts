import type { InvitationDto, MemberDto } from "@/lib/wire/members";
import type { Invitation, PendingInvitation } from "./invitations";
import type { Member } from "./members";

export type { InvitationDto, MemberDto } from "@/lib/wire/members";

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
