import type { Role } from "@/lib/permissions";

/** Who is acting, and in which organization, for one request. Built by context.ts or api/route.ts. */
export type Actor = {
  type: "session" | "token" | "cli";
  userId: string;
  email: string;
  sessionId?: string;
  tokenId?: string;
};

export type OrgContext = {
  actor: Actor;
  orgId: string;
  role: Role;
  requestId: string;
  ip: string | null;
};

/** A signed-in person acting outside any org (accepting an invite, picking or creating an org). */
export type SessionScope = { actor: Actor & { sessionId: string }; requestId: string; ip: string | null };

/** The operator at a terminal (admin CLI): audited as the CLI, with no user behind it. */
export const CLI_OPERATOR = Object.freeze({ type: "cli" as const, userId: null, email: null });
