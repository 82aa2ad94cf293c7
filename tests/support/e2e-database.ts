import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Read the browser suite's server database directly, for facts no page or API shows (that a
 * session is a row, how many accounts an identity has). Prefer the UI and the API everywhere else.
 * The server runs an embedded PostgreSQL in the run's data directory: its port is on line 4 of
 * postmaster.pid and its password in secrets.json.
 */
export async function queryE2eDatabase<Row extends Record<string, unknown>>(
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const dataDir = process.env.PILOTHOUSE_E2E_DATA_DIR;
  if (!dataDir) throw new Error("PILOTHOUSE_E2E_DATA_DIR is not set: run through playwright.config.ts");
  const port = Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3]);
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: "postgres",
    password: secrets.EMBEDDED_POSTGRES_PASSWORD,
    database: "pilothouse",
  });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
