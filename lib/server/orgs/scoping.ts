import type { Prisma } from "../db/generated/client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids come from URLs. A malformed one is simply "not found": handing it to PostgreSQL would
 * turn a 404 into a 500 and make "malformed" distinguishable from "not yours".
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Serialize membership changes within one org (row lock on the organization until commit). */
export async function lockOrganization(tx: Prisma.TransactionClient, orgId: string) {
  await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${orgId}::uuid FOR UPDATE`;
}
