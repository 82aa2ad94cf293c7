import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { disconnectDb, getDb } from "@/lib/server/db/client";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "@/lib/server/db/embedded-postgres";
import { removeDataDirectory } from "@/lib/server/db/postgres-placement";
import { applyMigrations } from "@/lib/server/db/migrate";
import { dumpEveryDatabaseForCanary, dumpForCanary } from "./canary-dump";

/** A database with every migration applied; each test file copies it (CREATE DATABASE … TEMPLATE). */
export const TEMPLATE_DATABASE = "pilothouse_template";
const ADMIN_URL_VARIABLE = "PILOTHOUSE_TEST_DATABASE_ADMIN_URL";

/** globalSetup: one embedded PostgreSQL for the whole run, in a throwaway directory. */
export async function startTestPostgres(): Promise<{ stop: () => Promise<void> }> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "pilothouse-test-pg-"));
  const dataDirectory = path.join(directory, "postgres");
  const remove = () => {
    removeDataDirectory(dataDirectory);
    rmSync(directory, { recursive: true, force: true });
  };
  let database: EmbeddedDatabase | undefined;
  try {
    database = await startEmbeddedPostgres({
      directory: dataDirectory,
      password: randomUUID(),
      database: "postgres_admin",
    });
    const adminUrl = database.url;
    await runSql(adminUrl, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await applyMigrations(withDatabase(adminUrl, TEMPLATE_DATABASE));
    process.env[ADMIN_URL_VARIABLE] = adminUrl;
  } catch (error) {
    await database?.stop();
    remove();
    throw error;
  }
  const started = database;
  return {
    stop: async () => {
      // Whatever no test file dropped (and the template) is searched for the Secret canary too.
      await dumpEveryDatabaseForCanary(started.url, "integration-left").catch((error: unknown) =>
        console.error(`[canary] could not dump the integration databases: ${String(error)}`),
      );
      await started.stop();
      remove();
    },
  };
}

/**
 * In a test file: a fresh database copied from the migrated template, installed as the app's
 * DATABASE_URL (the Prisma singleton is reset). Call the returned drop() in afterAll.
 */
export async function useFreshDatabase() {
  const adminUrl = process.env[ADMIN_URL_VARIABLE];
  if (!adminUrl)
    throw new Error(
      `${ADMIN_URL_VARIABLE} is unset: integration tests must run through the integration project's globalSetup`,
    );
  const name = `test_${randomUUID().replaceAll("-", "")}`;
  await runSql(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  await disconnectDb();
  const url = withDatabase(adminUrl, name);
  process.env.DATABASE_URL = url;
  return {
    url,
    db: getDb(),
    drop: async () => {
      await disconnectDb();
      // Under `npm test`, its rows are searched for the Secret canary before they are gone.
      await dumpForCanary(url, `integration-${name}`);
      await runSql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function runSql(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
