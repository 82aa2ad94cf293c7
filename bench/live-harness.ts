/**
 * What B2 and B3 run against: the real engine in this process — an embedded PostgreSQL with one
 * org and its members, the bench cluster registered as a Pilothouse cluster (optionally behind
 * the counting proxy, to see what the apiserver is asked), socket.io and /metrics on loopback —
 * and socket.io clients as viewers, each signed in as a member.
 */
import { readFileSync } from "node:fs";
import { addCluster } from "../lib/server/clusters/service";
import { resetConfigForTests } from "../lib/server/config/env";
import { serveMetrics } from "../lib/server/http/metrics-endpoint";
import { createOrgContext, newMasterKey, nextRequest } from "../tests/support/cluster-fixtures";
import { startTestPostgres, useFreshDatabase as freshDatabase } from "../tests/support/database";
import { FAULT_PROXY_CA, startFaultProxy } from "../tests/support/fault-proxy";
import { addMember, openLiveSocket, startRealtimeServer, Subscriber } from "../tests/support/live-sockets";
import { clusterCaPem } from "../tests/support/watch-fixtures";
import { benchCluster } from "./scale-pods";

const APP_URL = "http://localhost:3000";

export type LiveHarness = Awaited<ReturnType<typeof startLiveHarness>>;

export async function startLiveHarness({ members = 10, countRequests = false } = {}) {
  process.env.PILOTHOUSE_MASTER_KEY = newMasterKey();
  process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS = "127.0.0.1/32";
  process.env.LOG_LEVEL ??= "warn";
  resetConfigForTests();
  const postgres = await startTestPostgres();
  const database = await freshDatabase();
  const owner = await createOrgContext(database.db, { role: "owner" });
  const sessions: string[] = [];
  for (let index = 0; index < members; index++) {
    sessions.push((await addMember(database.db, owner.orgId, `viewer-${index}`, "viewer")).session);
  }
  const cluster = benchCluster();
  const proxy = countRequests
    ? await startFaultProxy({ server: cluster.server, caPem: clusterCaPem(cluster) })
    : undefined;
  let kubeconfig = readFileSync(cluster.kubeconfigPaths.token, "utf8");
  if (proxy) {
    kubeconfig = kubeconfig
      .replace(/server: .*/, `server: ${proxy.url}`)
      .replace(
        /certificate-authority-data: .*/,
        `certificate-authority-data: ${Buffer.from(FAULT_PROXY_CA).toString("base64")}`,
      );
  }
  const { id: clusterId } = await addCluster(nextRequest(owner), { name: "bench", kubeconfig });
  const server = await startRealtimeServer(APP_URL, (request, response) => {
    if (!serveMetrics(request, response, undefined)) response.writeHead(404).end();
  });
  const { url } = server;

  const viewers: Subscriber[] = [];
  return {
    clusterId,
    proxy,
    viewers,
    url,
    origin: APP_URL,
    sessions,
    /** Open `count` more sockets, signed in as the members in turn. */
    async addViewers(count: number, concurrency = 25) {
      const added: Subscriber[] = [];
      for (let start = 0; start < count; start += concurrency) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(concurrency, count - start) }, (_, index) =>
            openLiveSocket(url, APP_URL, {
              sessionToken: sessions[(viewers.length + start + index) % sessions.length],
            }),
          ),
        );
        added.push(...batch.map((socket) => new Subscriber(socket)));
      }
      viewers.push(...added);
      return added;
    },
    /** One series of /metrics, read over HTTP as Prometheus would. */
    async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
      const body = await (await fetch(`${url}/metrics`)).text();
      const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
      const line = body
        .split("\n")
        .find(
          (candidate) =>
            candidate.startsWith(name) &&
            !candidate.startsWith("#") &&
            wanted.every((label) => candidate.includes(label)) &&
            (candidate[name.length] === " " || candidate[name.length] === "{"),
        );
      return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
    },
    async stop() {
      for (const viewer of viewers) viewer.socket.close();
      await server.close();
      await proxy?.close();
      await database.drop();
      await postgres.stop();
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
