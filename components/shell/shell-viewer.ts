import type { Role } from "@/lib/permissions";

/** What the shell knows about the signed-in person; the dashboard layout reads it fresh per request. */
export type ShellViewer = {
  user: { id: string; email: string; name: string | null };
  org: { id: string; name: string };
  role: Role;
  memberships: { role: Role; org: { id: string; name: string } }[];
};
