import type { Prisma } from "../db/generated/client";

export { isUuid } from "../db/ids";

/** Serialize membership changes within one org (row lock on the organization until commit). */
export async function lockOrganization(tx: Prisma.TransactionClient, orgId: string) {
  await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${orgId}::uuid FOR UPDATE`;
}
