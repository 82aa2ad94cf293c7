/**
 * Shared set-up for the cluster registry integration tests: an org context built from real rows,
 * the environment the cluster code reads (master key, allowed networks), the real test clusters'
 * kubeconfigs and the secrets they hold, and a full plain-text dump of the database.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import pg from "pg";
import type { Role } from "@/lib/permissions";
import type { OrgContext } from "@/lib/server/auth/actor";
import { resetConfigForTests } from "@/lib/server/config/env";
import type { PrismaClient } from "@/lib/server/db/generated/client";
import { ingestKubeconfig, type KubeconfigCredential } from "@/lib/server/k8s/kubeconfig";
import type { TestCluster } from "./clusters";
import { labelResponse } from "./secret-canary";

/** A fresh 32-byte master key, base64 (what PILOTHOUSE_MASTER_KEY holds). */
export function newMasterKey(): string {
  return randomBytes(32).toString("base64");
}

/**
 * Set the variables the cluster code reads. `allowed: undefined` unsets the allowed networks;
 * the config cache is reset so the next getConfig() sees the change.
 */
export function setClusterEnv(env: { masterKey?: string; previousKeys?: string[]; allowed?: string | undefined }) {
  if (env.masterKey !== undefined) process.env.PILOTHOUSE_MASTER_KEY = env.masterKey;
  if (env.previousKeys !== undefined) {
    if (env.previousKeys.length === 0) delete process.env.PILOTHOUSE_PREVIOUS_MASTER_KEYS;
    else process.env.PILOTHOUSE_PREVIOUS_MASTER_KEYS = env.previousKeys.join(",");
  }
  if ("allowed" in env) {
    if (env.allowed === undefined) delete process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS;
    else process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS = env.allowed;
  }
  resetConfigForTests();
}

/** A user, an org and their membership in the fresh database, as the OrgContext a request would build. */
export async function createOrgContext(
  db: PrismaClient,
  options: { orgName?: string; role?: Role; email?: string } = {},
): Promise<OrgContext> {
  const suffix = randomUUID().slice(0, 8);
  const org = await db.organization.create({ data: { name: options.orgName ?? `Org ${suffix}` } });
  const user = await db.user.create({ data: { email: options.email ?? `user-${suffix}@example.test` } });
  const role = options.role ?? "editor";
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role } });
  return {
    actor: { type: "session", userId: user.id, email: user.email },
    orgId: org.id,
    role,
    requestId: randomUUID(),
    ip: "192.0.2.10",
  };
}

/** The same context with a new request id, so each call's audit rows can be found. */
export function nextRequest(context: OrgContext): OrgContext {
  return { ...context, requestId: randomUUID() };
}

export type ClusterKubeconfigs = { admin: string; token: string; viewer: string };

/** The three kubeconfigs of a real test cluster, as text (what a user would paste). */
export function readKubeconfigs(cluster: TestCluster): ClusterKubeconfigs {
  return {
    admin: readFileSync(cluster.kubeconfigPaths.admin, "utf8"),
    token: readFileSync(cluster.kubeconfigPaths.token, "utf8"),
    viewer: readFileSync(cluster.kubeconfigPaths.viewer, "utf8"),
  };
}

/** The cluster's CA as PEM text, from a kubeconfig's certificate-authority-data. */
export function caPemOf(kubeconfig: string): string {
  const caData = ingestKubeconfig(kubeconfig).caData;
  if (!caData) throw new Error("the test kubeconfig has no certificate-authority-data");
  return Buffer.from(caData, "base64").toString("utf8");
}

export function tokenOf(kubeconfig: string): string {
  const credential = ingestKubeconfig(kubeconfig).credential;
  if (credential.type !== "token") throw new Error("expected a token kubeconfig");
  return credential.token;
}

/**
 * Every form a credential's secret could take in storage or output: the token; the client key
 * as kubeconfig base64, as PEM, and a long run of its PEM body (which survives re-wrapping).
 */
export function secretForms(credential: KubeconfigCredential): string[] {
  if (credential.type === "token") return [credential.token];
  const keyPem = Buffer.from(credential.keyData, "base64").toString("utf8");
  const body = keyPem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  return [credential.keyData, keyPem.trim(), body.slice(0, 64), body.slice(-64)];
}

/** Which of `secrets` occur in `text` (an empty list means none leaked). */
export function leaked(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

/** `pg_dump`-like: every row of every table of the public schema, as JSON text, one line per row. */
export async function dumpDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const lines: string[] = [];
    for (const { table_name: table } of tables.rows) {
      const rows = await client.query<{ row: unknown }>(`SELECT row_to_json(t) AS row FROM public."${table}" t`);
      for (const { row } of rows.rows) lines.push(`${table}\t${JSON.stringify(row)}`);
    }
    return lines.join("\n");
  } finally {
    await client.end();
  }
}

/** A loopback TCP listener that records connections; `answer` decides what it does with them. */
export async function startListener(
  answer: (socket: Socket) => void = (socket) => socket.destroy(),
): Promise<{ server: Server; port: number; url: string; accepted: () => number; close: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("close", () => sockets.delete(socket));
    answer(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    url: `https://127.0.0.1:${port}`,
    accepted: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type RouteHandler<P extends Record<string, string>> = (
  request: Request,
  context: { params: Promise<P> },
) => Promise<Response>;

/** Call an /api/v1 route handler as a REST client with an API token would (no Next runtime needed). */
export async function callApiRoute<P extends Record<string, string>>(
  apiToken: string,
  handler: RouteHandler<P>,
  method: string,
  urlPath: string,
  options: { body?: unknown; params?: P } = {},
) {
  const request = new Request(`http://localhost:3000${urlPath}`, {
    method,
    headers: {
      Authorization: `Bearer ${apiToken}`,
      ...(options.body !== undefined && { "Content-Type": "application/json" }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const response = labelResponse(
    await handler(request, { params: Promise.resolve(options.params ?? ({} as P)) }),
    `${method} ${urlPath}`,
  );
  const text = await response.text();
  return { status: response.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
