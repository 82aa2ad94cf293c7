import { revokeAllSessions } from "../auth/sessions";
import { audited, type AuditEntry } from "../audit/record";
import { getDb } from "../db/client";
import { announceAccessChange } from "./notify";
import type { SessionScope } from "../auth/actor";

/** End this browser's session: the row goes, so the cookie is worthless even if it was copied. */
export async function endSession(scope: SessionScope & { orgId: string | null }) {
  const entry: AuditEntry = { action: "session.sign_out", kind: "User", name: scope.actor.email };
  await audited(scope, entry, () => getDb().session.deleteMany({ where: { id: scope.actor.sessionId } }));
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
