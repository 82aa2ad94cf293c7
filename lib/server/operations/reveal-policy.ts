/**
 * Who may reveal Secret values in an org: `secrets.reveal` gives it to editors and above; an owner
 * may restrict it to admins and owners (docs/operations.md, "Secrets"; decision 0123).
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "../auth/actor";
import { type AuditEntry, audited, recordDenied } from "../audit/record";
import { getDb } from "../db/client";

export const REVEAL_ROLES = ["editor", "admin"] as const;
export type RevealRole = (typeof REVEAL_ROLES)[number];

export const revealPolicyInput = z.object({ role: z.enum(REVEAL_ROLES) });

export async function revealRoleOf(orgId: string): Promise<RevealRole> {
  const org = await getDb().organization.findUnique({ where: { id: orgId }, select: { revealSecretsRole: true } });
  return org?.revealSecretsRole === "admin" ? "admin" : "editor";
}

/** Why this member may not reveal here, or null. */
export async function revealRefusal(context: OrgContext): Promise<string | null> {
  if (context.role === "owner" || context.role === "admin") return null;
  return (await revealRoleOf(context.orgId)) === "admin"
    ? "This organization lets only admins and owners reveal Secret values"
    : null;
}

/** After the role's `secrets.reveal`: the org's own restriction, refused (and audited) like a role. */
export async function assertMayReveal(context: OrgContext, entry: AuditEntry) {
  const refusal = await revealRefusal(context);
  if (!refusal) return;
  await recordDenied(context, entry, refusal);
  throw new AppError("FORBIDDEN", `${refusal}.`);
}

export async function setRevealRole(context: OrgContext, role: RevealRole) {
  const before = await revealRoleOf(context.orgId);
  return audited(
    context,
    { action: "org.reveal_policy", summary: `reveal Secret values: ${role} and above` },
    async () => {
      await getDb().organization.update({ where: { id: context.orgId }, data: { revealSecretsRole: role } });
      return { role };
    },
    () => `reveal role ${before}→${role}`,
  );
}
