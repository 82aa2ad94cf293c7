import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/server/db/client";
import { getInstance, recordInstanceStart } from "@/lib/server/db/instance";
import { getMigrationStatus } from "@/lib/server/db/migration-status";
import { listCommittedMigrations } from "@/lib/server/db/committed-migrations";
import { getReadiness } from "@/lib/server/health";
import { runSql, useFreshDatabase, withDatabase } from "../support/database";

describe("the embedded test database", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  beforeAll(async () => {
    fresh = await useFreshDatabase();
  });
  afterAll(async () => fresh.drop());

  it("has every committed migration applied", async () => {
    const status = await getMigrationStatus(fresh.db);
    expect(status.pending).toEqual([]);
    expect(status.applied).toBe(listCommittedMigrations().length);
  });

  it("records the instance once and updates it on later starts", async () => {
    const first = await recordInstanceStart(fresh.db, "0.1.0");
    const second = await recordInstanceStart(fresh.db, "0.2.0");
    expect(second.id).toBe(first.id);
    expect((await getInstance(fresh.db))?.lastStartedVersion).toBe("0.2.0");
    expect(await fresh.db.instance.count()).toBe(1);
  });

  it("gives each test file its own database", async () => {
    const other = await useFreshDatabase();
    try {
      expect(await other.db.instance.count()).toBe(0);
    } finally {
      await other.drop();
    }
    // useFreshDatabase switched the singleton; restore ours for the remaining tests.
    fresh = await useFreshDatabase();
  });

  it("reports ready when migrated and not ready when a migration is missing", async () => {
    expect(await getReadiness()).toEqual({ ready: true, checks: { database: "ok", migrations: "ok" } });
    const [latest] = listCommittedMigrations().slice(-1);
    await runSql(fresh.url, `DELETE FROM _prisma_migrations WHERE migration_name = '${latest}'`);
    const readiness = await getReadiness();
    expect(readiness).toMatchObject({
      ready: false,
      checks: { database: "ok", migrations: "pending" },
      pending: [latest],
    });
  });

  it("reports not ready, quickly, when the database does not answer", async () => {
    await disconnectDb();
    const saved = process.env.DATABASE_URL!;
    process.env.DATABASE_URL = withDatabase("postgresql://nobody:nothing@127.0.0.1:1/none", "none");
    try {
      expect(await getReadiness()).toEqual({
        ready: false,
        checks: { database: "unreachable", migrations: "unknown" },
      });
    } finally {
      await disconnectDb();
      process.env.DATABASE_URL = saved;
    }
  });
});
