import { readFileSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/server/db/generated/client";
import { hashSecret } from "@/lib/server/auth/secret-tokens";
import type { Role } from "@/lib/permissions";

/*
 * The browser suite's server runs on its own embedded PostgreSQL; tests that need fixtures the UI
 * cannot make quickly (a user per role, a foreign org) write them there directly.
 */

/** The connection URL of the browser suite's embedded PostgreSQL (port from postmaster.pid, password from secrets.json). */
export function e2eDatabaseUrl(): string {
  const dataDir = process.env.PILOTHOUSE_E2E_DATA_DIR;
  if (!dataDir) throw new Error("PILOTHOUSE_E2E_DATA_DIR is unset: run through playwright.config.ts");
  const port = readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")
    .split("\n")[3]
    ?.trim();
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  return `postgresql://postgres:${encodeURIComponent(secrets.EMBEDDED_POSTGRES_PASSWORD ?? "")}@127.0.0.1:${port}/pilothouse`;
}

export function connectToE2eDatabase(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: e2eDatabaseUrl() }) });
}

/** Raw SQL for facts no page or API shows (that a session is a row, how many accounts an identity has). */
export async function queryE2eDatabase<Row extends Record<string, unknown>>(
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

let sequence = 0;

/** A user with a membership, a live session (raw cookie value) and an API token (raw `ph_…`). */
export async function createMember(db: PrismaClient, orgId: string, role: Role) {
  const id = `${Date.now().toString(36)}-${sequence++}`;
  const user = await db.user.create({ data: { email: `${role}-${id}@fixtures.test`, name: `${role} ${id}` } });
  const membership = await db.membership.create({ data: { orgId, userId: user.id, role } });
  const sessionToken = `session-${id}-${crypto.randomUUID()}`;
  await db.session.create({
    data: {
      sessionToken: hashSecret(sessionToken),
      userId: user.id,
      activeOrgId: orgId,
      expires: new Date(Date.now() + 3_600_000),
    },
  });
  const apiToken = `ph_fixture${crypto.randomUUID().replaceAll("-", "")}`;
  const token = await db.apiToken.create({
    data: {
      userId: user.id,
      orgId,
      name: `fixture ${id}`,
      prefix: apiToken.slice(0, 9),
      tokenHash: hashSecret(apiToken),
    },
  });
  return { user, membership, sessionToken, apiToken, tokenId: token.id };
}

export async function createOrg(db: PrismaClient, name: string) {
  return db.organization.create({ data: { name: `${name} ${Date.now().toString(36)}-${sequence++}` } });
}
