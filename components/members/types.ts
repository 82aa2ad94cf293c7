import type { Role } from "@/lib/permissions";

/** A member as the page shows it (the server's allowlisted member serializer has this shape). */
export type MemberRow = {
  id: string;
  role: Role;
  joinedAt: string;
  user: { id: string; email: string; name: string | null };
};

export type InvitationRow = {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  invitedBy: { name: string | null; email: string } | null;
};

/** The signed-in person looking at the page, in the org the page is about. */
export type MembersViewer = { userId: string; role: Role; orgName: string };
