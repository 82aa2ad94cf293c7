import type { Role } from "@/lib/permissions";

/** What the shell knows about the signed-in person; the dashboard layout reads it fresh per request. */
export type ShellViewer = {
  user: { id: string; email: string; name: string | null };
  org: { id: string; name: string };
  role: Role;
  memberships: { role: Role; org: { id: string; name: string } }[];
};

/** A saved view in the sidebar: the org's shared ones and the viewer's own. */
export type ShellView = { id: string; name: string; resource: string; shared: boolean; mine: boolean };
