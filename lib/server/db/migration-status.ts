import type { PrismaClient } from "./generated/client";
import { listCommittedMigrations } from "./committed-migrations";

export type MigrationStatus = { applied: number; pending: string[] };

/** Which committed migrations the database has not finished applying. */
export async function getMigrationStatus(db: PrismaClient): Promise<MigrationStatus> {
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.migration_name));
  const pending = listCommittedMigrations().filter((name) => !applied.has(name));
  return { applied: applied.size, pending };
}
