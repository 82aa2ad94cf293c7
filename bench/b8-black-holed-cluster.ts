/**
 * B8 (docs/performance.md): one black-holed cluster among healthy ones. Target: the healthy cluster's
 * p99 health-check latency < 2× its baseline, event-loop lag < 100 ms.
 *
 * Runs the product's own health check (client factory, pinned TLS, timeouts, circuit breaker)
 * against real test cluster 1 and a loopback listener that accepts TCP and never answers.
 * Needs the test clusters: `npm run clusters:up`, and starts an embedded PostgreSQL (a connection
 * reads its org's network grants). Run: `npx tsx bench/b8-black-holed-cluster.ts`.
 * Prints figures and, last, one summary line. Asserts nothing.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import net from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { checkCluster } from "../lib/server/clusters/health";
import { sealCredential } from "../lib/server/clusters/credentials";
import type { Cluster } from "../lib/server/db/generated/client";
import { ingestKubeconfig } from "../lib/server/k8s/kubeconfig";
// Named for what it does here: "use…" would read as a React hook to the linter.
import { startTestPostgres, useFreshDatabase as copyMigratedDatabase } from "../tests/support/database";

const ROUNDS = Number(process.env.B8_ROUNDS ?? 200);
const KUBECONFIG = `${process.env.REALK8S_ROOT ?? "/var/cache/realk8s"}/cluster${(process.env.PILOTHOUSE_TEST_CLUSTER_IDS ?? "1").split(",")[0]}/admin.kubeconfig`;

process.env.PILOTHOUSE_MASTER_KEY = randomBytes(32).toString("base64");
process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS = "127.0.0.1/32";

/** An in-memory cluster row, sealed like a stored one; nothing touches a database. */
function clusterRow(name: string, server: string, kubeconfig = readFileSync(KUBECONFIG, "utf8")): Cluster {
  const normalized = ingestKubeconfig(kubeconfig);
  const id = randomUUID();
  const orgId = randomUUID();
  const now = new Date();
  return {
    id,
    orgId,
    name,
    server,
    caData: normalized.caData ?? null,
    tlsServerName: null,
    namespace: null,
    authType: normalized.credential.type === "token" ? "token" : "client_certificate",
    connector: null,
    credential: sealCredential(
      { orgId, clusterId: id, endpoint: { server, caData: normalized.caData }, credentialVersion: 1 },
      normalized.credential,
    ) as Cluster["credential"],
    credentialVersion: 1,
    credentialFormat: 2,
    impersonate: false,
    identityFingerprint: null,
    createdById: null,
    createdAt: now,
    updatedAt: now,
  };
}

function startBlackHole(): Promise<{ port: number; accepted: () => number; close: () => void }> {
  let accepted = 0;
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    accepted++;
    sockets.push(socket); // accept, then say nothing: not even a TLS ServerHello
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        accepted: () => accepted,
        close: () => {
          sockets.forEach((socket) => socket.destroy());
          server.close();
        },
      }),
    ),
  );
}

async function timeChecks(cluster: Cluster, rounds: number) {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const health = await checkCluster(cluster);
    samples.push(performance.now() - started);
    if (health.status !== "healthy") throw new Error(`cluster 1 is not healthy: ${health.lastError}`);
  }
  return samples;
}

function percentile(samples: number[], q: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function describe(label: string, samples: number[]) {
  const [p50, p95, p99] = [0.5, 0.95, 0.99].map((q) => percentile(samples, q).toFixed(1));
  console.log(`${label.padEnd(40)} n=${samples.length} p50=${p50} ms p95=${p95} ms p99=${p99} ms`);
}

async function main() {
  const postgres = await startTestPostgres();
  const fresh = await copyMigratedDatabase();
  try {
    await measure();
  } finally {
    await fresh.drop();
    await postgres.stop();
  }
}

async function measure() {
  const kubeconfig = readFileSync(KUBECONFIG, "utf8");
  const healthy = clusterRow("healthy", ingestKubeconfig(kubeconfig).server, kubeconfig);
  const blackHole = await startBlackHole();
  const blackHoled = clusterRow("black-holed", `https://127.0.0.1:${blackHole.port}`, kubeconfig);
  await timeChecks(healthy, 10); // warm the connection cache

  const lag = monitorEventLoopDelay({ resolution: 10 });
  const baseline = await timeChecks(healthy, ROUNDS);
  lag.enable();
  // Keep a black-holed check in flight for the whole measured window (each one waits out its deadline).
  let stop = false;
  const blackHoleChecks = (async () => {
    while (!stop) await checkCluster(blackHoled);
  })();
  const underLoad = await timeChecks(healthy, ROUNDS);
  lag.disable();
  stop = true;
  await blackHoleChecks;
  blackHole.close();

  describe("healthy cluster, baseline", baseline);
  describe("healthy cluster, black hole in flight", underLoad);
  const lagP99 = Math.max(0, lag.percentile(99) / 1e6 - 10);
  console.log(
    `event-loop lag beyond the 10 ms sampling interval: p99=${lagP99.toFixed(1)} ms max=${Math.max(0, lag.max / 1e6 - 10).toFixed(1)} ms`,
  );
  console.log(`black hole accepted ${blackHole.accepted()} connection(s)`);
  const ratio = percentile(underLoad, 0.99) / percentile(baseline, 0.99);
  console.log(
    `B8 summary: healthy p99 ratio with/without black hole = ${ratio.toFixed(2)} (target < 2), event-loop lag p99 = ${lagP99.toFixed(1)} ms (target < 100)`,
  );
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`B8 failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
