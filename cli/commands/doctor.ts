import { type Config } from "../../lib/server/config/env";
import { disconnectDb, getDb } from "../../lib/server/db/client";
import { getInstance } from "../../lib/server/db/instance";
import { getMigrationStatus } from "../../lib/server/db/migration-status";
import { prepareRuntime } from "../../lib/server/runtime";
import { PILOTHOUSE_VERSION } from "../../lib/server/version";

/** Print what an operator needs to debug an install. Secrets are reported as set/unset only. */
export async function doctorCommand(): Promise<number> {
  const runtime = await prepareRuntime({ migrate: false });
  try {
    printSection("version", { pilothouse: PILOTHOUSE_VERSION, node: process.version });
    printSection("configuration", describeConfig(runtime.config));
    const database = await describeDatabase();
    printSection("database", database);
    return database.migrations === "up to date" ? 0 : 1;
  } finally {
    await disconnectDb();
    await runtime.stop();
  }
}

function describeConfig(config: Config) {
  return {
    mode: config.PILOTHOUSE_MODE,
    url: config.appUrl,
    listen: `${config.HOST}:${config.PORT}`,
    "data dir": config.dataDir,
    database: config.embeddedDatabase ? "embedded PostgreSQL (DATABASE_URL unset)" : redactUrl(config.DATABASE_URL!),
    AUTH_SECRET: process.env.AUTH_SECRET ? "set" : "missing",
    PILOTHOUSE_MASTER_KEY: process.env.PILOTHOUSE_MASTER_KEY ? "set" : "missing",
  };
}

async function describeDatabase() {
  const db = getDb();
  const [{ version }] = await db.$queryRaw<[{ version: string }]>`SELECT version()`;
  const status = await getMigrationStatus(db);
  const instance = await getInstance(db);
  return {
    server: version.split(" on ")[0] ?? version,
    migrations:
      status.pending.length === 0 ? "up to date" : `${status.pending.length} pending: ${status.pending.join(", ")}`,
    applied: String(status.applied),
    instance: instance?.id ?? "not recorded yet",
  };
}

function redactUrl(value: string) {
  const url = new URL(value);
  if (url.password) url.password = "****";
  return url.toString();
}

function printSection(title: string, fields: Record<string, string>) {
  console.log(title);
  for (const [key, value] of Object.entries(fields)) console.log(`  ${key.padEnd(22)} ${value}`);
}
