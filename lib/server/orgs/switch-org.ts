import { AppError } from "@/lib/errors";
import type { SessionScope } from "../auth/actor";
import { setActiveOrg } from "../auth/sessions";
import { createOrganization } from "../accounts/users";
import { audited, type AuditEntry } from "../audit/record";
import { getDb } from "../db/client";
import { isUuid } from "./scoping";

/**
 * Point this session at another org the user belongs to. An org they are not in is "not found",
 * exactly like one that does not exist, and leaves no trace in that org's audit log.
 */
export async function switchOrg(scope: SessionScope, orgId: string) {
  const membership = isUuid(orgId)
    ? await getDb().membership.findUnique({
        where: { orgId_userId: { orgId, userId: scope.actor.userId } },
        select: { role: true, org: { select: { id: true, name: true } } },
      })
    : null;
  if (!membership) throw new AppError("NOT_FOUND", "Organization not found.");
  const entry: AuditEntry = { action: "session.switch_org", kind: "Organization", name: membership.org.name };
  await audited({ ...scope, orgId }, entry, () => setActiveOrg(scope.actor.sessionId, orgId));
  return { org: membership.org, role: membership.role };
}

/** Start a new org (the creator is its owner) and work in it from this session. */
export async function createOrgAndSwitch(scope: SessionScope, name: string) {
  const actor = { type: "session" as const, userId: scope.actor.userId, email: scope.actor.email };
  const org = await createOrganization(actor, name, { requestId: scope.requestId, ip: scope.ip });
  await setActiveOrg(scope.actor.sessionId, org.id);
  return { org: { id: org.id, name: org.name }, role: "owner" as const };
}
