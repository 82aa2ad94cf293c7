import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/server/db/client";
import { getInstance, recordInstanceStart } from "@/lib/server/db/instance";
import { getMigrationStatus } from "@/lib/server/db/migration-status";
import { prepareRuntime } from "@/lib/server/runtime";

/** The local-mode start path, end to end minus Next: secrets, embedded PostgreSQL, migrations. */
describe("prepareRuntime in local mode", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-runtime-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // getDb() reads process.env, so this test's process plays the server: a fresh local-mode env.
  function startLocal() {
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "PILOTHOUSE_MASTER_KEY", "EMBEDDED_POSTGRES_PASSWORD"]) {
      delete process.env[name];
    }
    process.env.PILOTHOUSE_DATA_DIR = dataDir;
    return prepareRuntime();
  }

  it("starts an embedded database, migrates it, and keeps its data across a restart", async () => {
    const first = await startLocal();
    const recorded = await recordInstanceStart(getDb(), "0.1.0");
    expect((await getMigrationStatus(getDb())).pending).toEqual([]);
    await disconnectDb();
    await first.stop();

    const second = await startLocal();
    try {
      expect((await getInstance(getDb()))?.id).toBe(recorded.id);
    } finally {
      await disconnectDb();
      await second.stop();
    }
    expect(statSync(path.join(dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, "postgres", "PG_VERSION")).isFile()).toBe(true);
  });
});
