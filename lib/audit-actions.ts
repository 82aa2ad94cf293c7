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
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
