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
