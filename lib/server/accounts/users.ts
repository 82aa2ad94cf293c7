import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { SignUpInput } from "@/lib/validations/accounts";
import { audited, type AuditScope } from "../audit/record";
import { hashPassword } from "../auth/password";
import { getDb } from "../db/client";

/**
 * Create a user, and with `orgName` their organization with them as owner, in one transaction:
 * a failure leaves nothing behind. Both are audited.
 */
export async function signUpUser(input: SignUpInput, scope: Omit<AuditScope, "actor" | "orgId">) {
  const passwordHash = await hashPassword(input.password);
  const existing = await getDb().user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", "email");
  // Ids are chosen up front so the audit row, written before anything exists, can name them.
  const userId = randomUUID();
  const orgId = input.orgName ? randomUUID() : null;
  const actor = { type: "session" as const, userId, email: input.email };
  const summary = input.orgName ? `signed up and created organization "${input.orgName}" as owner` : "signed up";
  return audited({ ...scope, actor, orgId }, { action: "user.sign_up", kind: "User", name: input.email, summary }, () =>
    getDb().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { id: userId, email: input.email, name: input.name, passwordHash } });
      const org =
        orgId && input.orgName
          ? await tx.organization.create({
              data: { id: orgId, name: input.orgName, memberships: { create: { userId, role: "owner" } } },
            })
          : null;
      return { user, org };
    }),
  );
}

/** A signed-in user starts another organization; they become its owner. */
export async function createOrganization(
  actor: { userId: string; email: string; type: "session" | "cli" },
  name: string,
  scope: { requestId: string; ip: string | null },
) {
  const orgId = randomUUID();
  return audited(
    { actor, orgId, ...scope },
    { action: "org.create", kind: "Organization", name, summary: "created, as owner" },
    () =>
      getDb().organization.create({
        data: { id: orgId, name, memberships: { create: { userId: actor.userId, role: "owner" satisfies Role } } },
      }),
  );
}
