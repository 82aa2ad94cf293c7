import type { Role } from "@/lib/permissions";

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
