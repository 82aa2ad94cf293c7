import { disconnectDb } from "../../lib/server/db/client";
import { getMigrationStatus } from "../../lib/server/db/migration-status";
import { getDb } from "../../lib/server/db/client";
import { prepareRuntime } from "../../lib/server/runtime";

export async function migrateCommand(): Promise<number> {
  const runtime = await prepareRuntime({ migrate: true });
  try {
    const status = await getMigrationStatus(getDb());
    console.log(`migrations applied: ${status.applied}, pending: ${status.pending.length}`);
    return status.pending.length === 0 ? 0 : 1;
  } finally {
    await disconnectDb();
    await runtime.stop();
  }
}
