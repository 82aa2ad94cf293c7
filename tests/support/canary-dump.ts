/**
 * Database dumps for the Secret canary (docs/security.md §7): every row of every table of every
 * user schema, one `schema.table<TAB>row-as-JSON` line per row, written to the canary directory
 * for scripts/secret-canary.ts to scan. The embedded PostgreSQL 18 ships no pg_dump (and the
 * system's pg_dump 15 refuses a newer server), so the rows are read as JSON instead: the same
 * values pg_dump would print, columns of every type included.
 */
import { appendFileSync, createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import pg from "pg";
import { canaryDir, PROBLEMS_FILE } from "./secret-canary";

/** Rows read per query, so a big table streams instead of filling memory. */
const BATCH = 2_000;

/**
 * Dump `url`'s database into `<canary dir>/dumps/<label>.jsonl`; a no-op outside `npm test`. A dump
 * that fails does not fail the test that dropped the database: it is a problem the check reports.
 */
export async function dumpForCanary(url: string, label: string): Promise<void> {
  const dir = canaryDir();
  if (!dir) return;
  mkdirSync(path.join(dir, "dumps"), { recursive: true });
  try {
    await dumpRows(url, path.join(dir, "dumps", `${label.replace(/[^\w.-]/g, "_")}.jsonl`));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    appendFileSync(path.join(dir, PROBLEMS_FILE), `could not dump database ${label}: ${message}\n`);
  }
}

/** Every database of the server behind `url` except the templates PostgreSQL itself makes. */
export async function dumpEveryDatabaseForCanary(url: string, label: string): Promise<void> {
  if (!canaryDir()) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let names: string[];
  try {
    const rows = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datallowconn AND datname NOT IN ('template0', 'template1') ORDER BY datname",
    );
    names = rows.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
  for (const name of names) {
    const target = new URL(url);
    target.pathname = `/${name}`;
    await dumpForCanary(target.toString(), `${label}-${name}`);
  }
}

async function dumpRows(url: string, file: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out = createWriteStream(file);
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
       ORDER BY 1, 2`,
    );
    for (const { schema, name } of tables.rows) {
      const table = `"${schema.replaceAll('"', '""')}"."${name.replaceAll('"', '""')}"`;
      for (let offset = 0; ; offset += BATCH) {
        const rows = await client.query<{ row: string }>(
          `SELECT row_to_json(t)::text AS row FROM ${table} t ORDER BY ctid LIMIT ${BATCH} OFFSET ${offset}`,
        );
        for (const { row } of rows.rows) out.write(`${schema}.${name}\t${row}\n`);
        if (rows.rows.length < BATCH) break;
      }
    }
  } finally {
    out.end();
    await finished(out);
    await client.end();
  }
}
