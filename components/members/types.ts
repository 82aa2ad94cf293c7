import type { Role } from "@/lib/permissions";

/** Members and invitations as the server's allowlisted serializers send them. */
export type { InvitationDto as InvitationRow, MemberDto as MemberRow } from "@/lib/wire/members";

/** The signed-in person looking at the page, in the org the page is about. */
export type MembersViewer = { userId: string; role: Role; orgName: string };
