import type { SessionScope } from "../auth/actor";
import { revokeAllSessions } from "../auth/sessions";
import type { RequestMeta } from "../auth/sign-in";
import { audited, type AuditEntry } from "../audit/record";
import { getDb } from "../db/client";
import { disconnectSessions } from "../realtime/server";
import { announceAccessChange } from "./notify";

/**
 * End one browser session: the row goes (a copied cookie is worthless), the sign-out is audited
 * first (no row, no sign-out: docs/security.md §5), and the sockets it opened are closed. Every
 * sign-out goes through here, whether from the user menu or Auth.js's own sign-out endpoint.
 */
export async function endSession(sessionId: string, meta: RequestMeta) {
  const session = await getDb().session.findUnique({
    where: { id: sessionId },
    select: { activeOrgId: true, user: { select: { id: true, email: true } } },
  });
  if (!session) return; // already gone: nothing to end, nothing to record
  const scope = {
    actor: { type: "session" as const, userId: session.user.id, email: session.user.email },
    orgId: session.activeOrgId,
    ...meta,
  };
  const entry: AuditEntry = { action: "session.sign_out", kind: "User", name: session.user.email };
  await audited(scope, entry, () => getDb().session.deleteMany({ where: { id: sessionId } }));
  await disconnectSessions([sessionId]);
}

/**
 * End every session of this user (all browsers and devices). Their open pages in every org are
 * told, and their sockets close because the sessions behind them no longer exist.
 */
export async function signOutEverywhere(scope: SessionScope & { orgId: string | null }) {
  const entry: AuditEntry = { action: "session.revoke_all", kind: "User", name: scope.actor.email };
  const count = await audited({ ...scope }, entry, () => revokeAllSessions(scope.actor.userId));
  const memberships = await getDb().membership.findMany({
    where: { userId: scope.actor.userId },
    select: { orgId: true },
  });
  for (const { orgId } of memberships) {
    await announceAccessChange(scope.actor.userId, { orgId, reason: "signed_out" });
  }
  return { sessionsEnded: count };
}
