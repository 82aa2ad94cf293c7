import type { PrismaClient } from "./generated/client";

/** Record this start in the single `instance` row, creating it on the first start. */
export async function recordInstanceStart(db: PrismaClient, version: string) {
  const existing = await db.instance.findFirst({ orderBy: { createdAt: "asc" } });
  if (existing) {
    return db.instance.update({
      where: { id: existing.id },
      data: { lastStartedVersion: version, lastStartedAt: new Date() },
    });
  }
  return db.instance.create({ data: { lastStartedVersion: version } });
}

export function getInstance(db: PrismaClient) {
  return db.instance.findFirst({ orderBy: { createdAt: "asc" } });
}
