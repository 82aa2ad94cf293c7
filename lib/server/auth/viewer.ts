import { cache } from "react";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import type { Role } from "@/lib/permissions";
import { getDb } from "../db/client";
import { clientIpFrom, requestIdFrom } from "../http/request-meta";
import type { OrgContext } from "./actor";
import { findRole, listMembershipsOf } from "./memberships";
import { auth } from "./next-auth";

export type Viewer = {
  user: { id: string; email: string; name: string | null };
  sessionId: string;
  org: { id: string; name: string } | null;
  role: Role | null;
  memberships: { role: Role; org: { id: string; name: string } }[];
};

/** The signed-in person for this request (pages, layouts, server actions), read fresh from the database. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = (await auth()) as { sessionId?: string } | null;
  if (!session?.sessionId) return null;
  const row = await getDb().session.findUnique({ where: { id: session.sessionId }, include: { user: true } });
  if (!row) return null;
  const memberships = await listMembershipsOf(row.userId);
  const role = await findRole(row.userId, row.activeOrgId);
  const org = role ? (memberships.find((membership) => membership.org.id === row.activeOrgId)?.org ?? null) : null;
  return {
    user: { id: row.user.id, email: row.user.email, name: row.user.name },
    sessionId: row.id,
    org,
    role: org ? role : null,
    memberships,
  };
});

export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  return viewer;
}

/** A signed-in viewer working in an org they belong to; otherwise off to sign-in or to pick an org. */
export async function requireOrgViewer(): Promise<Viewer & { org: { id: string; name: string }; role: Role }> {
  const viewer = await requireViewer();
  if (!viewer.org || !viewer.role) redirect("/orgs");
  return viewer as Viewer & { org: { id: string; name: string }; role: Role };
}

/** The audit/authorization context for a server action run by this viewer. */
export async function orgContextOf(viewer: Viewer & { org: { id: string }; role: Role }): Promise<OrgContext> {
  const requestHeaders = await headers();
  return {
    actor: { type: "session", userId: viewer.user.id, email: viewer.user.email, sessionId: viewer.sessionId },
    orgId: viewer.org.id,
    role: viewer.role,
    requestId: requestIdFrom(requestHeaders),
    ip: clientIpFrom(requestHeaders),
  };
}
