/**
 * Every audit action Pilothouse writes, `noun.verb`, in one list: the server's audit calls, the
 * API registry and the audit page's filter all take their names from here, so a name cannot
 * drift between the place that writes it and the place that searches for it. Isomorphic.
 */
export const AUDIT_ACTIONS = [
  "user.sign_up",
  "user.create",
  "session.sign_in",
  "session.sign_out",
  "session.revoke_all",
  "session.switch_org",
  "org.create",
  "org.reveal_policy",
  "member.add",
  "member.role_change",
  "member.remove",
  "invitation.create",
  "invitation.revoke",
  "invitation.accept",
  "token.create",
  "token.revoke",
  "cluster.create",
  "cluster.update",
  "cluster.delete",
  "cluster.test",
  "cluster.keys_rotate",
  "network.grant",
  "network.revoke",
  // Operations on cluster objects (docs/operations.md): the summary says what was asked, the
  // outcome detail what changed (`replicas 3→5`, `revision 4→2`).
  "workload.scale",
  "workload.restart",
  "workload.pause",
  "workload.resume",
  "workload.set_image",
  "workload.rollback",
  "secret.reveal",
  "secret.write",
  "resource.create",
  "resource.update",
  "resource.delete",
  "view.create",
  "view.update",
  "view.delete",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The `noun.` prefixes of the actions (`member.`, `cluster.`): what the audit filter offers for "all of them". */
export const AUDIT_ACTION_PREFIXES = [...new Set(AUDIT_ACTIONS.map((action) => `${action.split(".")[0]}.`))];

/** Time presets of the audit filter: a relative window ending now, shareable as `?since=24h`. */
export const AUDIT_SINCE_PRESETS = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 604_800_000,
  "30d": 2_592_000_000,
} as const;
export type AuditSince = keyof typeof AUDIT_SINCE_PRESETS;

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
