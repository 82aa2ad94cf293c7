import type { Role } from "@/lib/permissions";
import { getDb } from "../db/client";

/** The actor's current role in an org, read fresh on every request so changes apply at once. */
export async function findRole(userId: string, orgId: string | null | undefined): Promise<Role | null> {
  if (!orgId) return null;
  const membership = await getDb().membership.findUnique({
    where: { orgId_userId: { orgId, userId } },
    select: { role: true },
  });
  return membership?.role ?? null;
}

export function listMembershipsOf(userId: string) {
  return getDb().membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, org: { select: { id: true, name: true } } },
  });
}
