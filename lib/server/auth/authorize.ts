import type { AuditAction } from "@/lib/audit-actions";
import { AppError } from "@/lib/errors";
import { can, type Permission } from "@/lib/permissions";
import { type AuditEntry, recordDenied } from "../audit/record";
import type { OrgContext } from "./actor";

/**
 * The one authorization step of every server action, API route and socket handler: the
 * caller's current org role must hold the permission. A refusal of something that would have
 * been audited is itself audited (outcome `denied`) before the caller hears FORBIDDEN.
 */
export async function authorize(
  context: OrgContext,
  permission: Permission,
  audit?: AuditAction | AuditEntry,
): Promise<void> {
  if (can(context.role, permission)) return;
  if (audit) {
    const entry = typeof audit === "string" ? { action: audit } : audit;
    await recordDenied(context, entry, `role ${context.role} lacks ${permission}`);
  }
  throw new AppError("FORBIDDEN", `Your role (${context.role}) does not allow this.`);
}

/**
 * For what only a person at a browser may do (minting API tokens): an API token is refused,
 * audited as denied, even when its owner's role would allow the action.
 */
export async function requireSessionActor(context: OrgContext, audit?: AuditAction | AuditEntry): Promise<void> {
  if (context.actor.type === "session") return;
  if (audit) {
    const entry = typeof audit === "string" ? { action: audit } : audit;
    await recordDenied(context, entry, `an API token cannot do this (${context.actor.type})`);
  }
  throw new AppError("FORBIDDEN", "API tokens cannot do this. Sign in to Pilothouse in a browser to do it.");
}
