/**
 * Hostile clusters (the hardening issue's "done when"): server heap and event-loop lag while 5
 * hostile "clusters" answer every path with ~8 MiB of JSON, driven through connection tests (10 at
 * once, by 10 users) and health checks of all 5 at once, 3 rounds.
 *
 *   old: what main did before the hardening: 8 MiB allowed per call (/version and the rules review
 *        buffered and parsed whole; access reviews already had 64 KiB), no limit on concurrent tests.
 *   new: the product's own paths as they are now: testClusterSource (per-call caps, 4 tests at a
 *        time process-wide, audited, rate-limited) and checkCluster (2 MiB default cap).
 *
 * Each mode runs in its own child process (a fresh heap), with --expose-gc so "before" and
 * "after" are measured after a collection; the hostile clusters run in a third process, so their
 * own work (encrypting megabytes) does not count against the server's heap or event loop. The
 * new mode uses an embedded PostgreSQL (audit rows, rate limits, network grants). Nothing leaves
 * loopback.
 * Run: `npx tsx bench/hostile-clusters.ts`. Prints figures and, last, one summary line. Asserts nothing.
 */
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { HOSTILE_CA_PEM, startHostileCluster } from "../tests/support/hostile-cluster";

const CLUSTERS = 5;
const TESTS_AT_ONCE = 10;
const ROUNDS = Number(process.env.HOSTILE_ROUNDS ?? 3);
/** Just under the old 8 MiB cap, so the old code buffers and parses every answer. */
const ANSWER_BYTES = 8 * 1024 * 1024 - 1024;
const OLD_CAP = 8 * 1024 * 1024;
const MiB = 1024 * 1024;

type Figures = {
  mode: string;
  heapBeforeMiB: number;
  heapPeakMiB: number;
  heapAfterMiB: number;
  buffersPeakMiB: number;
  rssPeakMiB: number;
  lagP99Ms: number;
  lagMaxMs: number;
  refused: number;
  seconds: number;
};

// --- Parent: run both modes in fresh processes and compare -----------------------------------

async function compare() {
  const hostile = spawnSelf("serve", {}, "pipe");
  const urls = await new Promise<string>((resolve, reject) => {
    let output = "";
    hostile.stdout!.on("data", (chunk) => {
      output += chunk;
      const line = output.split("\n").find((entry) => entry.startsWith("URLS "));
      if (line) resolve(line.slice("URLS ".length));
    });
    hostile.once("exit", (code) => reject(new Error(`the hostile clusters exited (${code})`)));
  });
  const results: Figures[] = [];
  try {
    for (const mode of ["old", "new"]) results.push(await runChild(mode, urls));
  } finally {
    hostile.kill();
  }
  console.log(
    `${CLUSTERS} hostile clusters answering ${(ANSWER_BYTES / MiB).toFixed(1)} MiB to every path; ${TESTS_AT_ONCE} connection tests + ${CLUSTERS} health checks at once, ${ROUNDS} rounds`,
  );
  for (const figures of results) {
    console.log(
      `${figures.mode.padEnd(4)} heap before ${figures.heapBeforeMiB} MiB, peak ${figures.heapPeakMiB} MiB (+${round1(figures.heapPeakMiB - figures.heapBeforeMiB)}), after ${figures.heapAfterMiB} MiB; ` +
        `buffers peak ${figures.buffersPeakMiB} MiB; rss peak ${figures.rssPeakMiB} MiB; ` +
        `event-loop lag p99 ${figures.lagP99Ms} ms, max ${figures.lagMaxMs} ms; ` +
        `${figures.refused} of ${ROUNDS * (TESTS_AT_ONCE + CLUSTERS)} tests/checks refused at a cap or a limit; ${figures.seconds} s`,
    );
  }
  const [old, now] = results as [Figures, Figures];
  const growth = (figures: Figures) => round1(figures.heapPeakMiB - figures.heapBeforeMiB);
  console.log(
    `hostile-clusters summary: heap growth at peak ${growth(old)} → ${growth(now)} MiB, buffers peak ${old.buffersPeakMiB} → ${now.buffersPeakMiB} MiB, event-loop lag p99 ${old.lagP99Ms} → ${now.lagP99Ms} ms (old defaults → new caps)`,
  );
}

function spawnSelf(mode: string, env: Record<string, string>, stdout: "pipe" | "inherit") {
  return spawn(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, ...env, HOSTILE_MODE: mode },
    stdio: ["ignore", stdout, "inherit"],
  });
}

function runChild(mode: string, urls: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawnSelf(mode, { HOSTILE_URLS: urls }, "pipe");
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = output.split("\n").find((entry) => entry.startsWith("FIGURES "));
      if (code !== 0 || !line) return reject(new Error(`${mode} mode failed (exit ${code}):\n${output.slice(-2000)}`));
      resolve(JSON.parse(line.slice("FIGURES ".length)) as Figures);
    });
  });
}

/** The hostile clusters' own process: start them, print their URLs, answer until killed. */
async function serve() {
  const standIns = await Promise.all(
    Array.from({ length: CLUSTERS }, () => startHostileCluster({ bodyBytes: ANSWER_BYTES })),
  );
  console.log(`URLS ${JSON.stringify(standIns.map((standIn) => standIn.url))}`);
  await new Promise(() => undefined);
}

// --- Child: one mode ---------------------------------------------------------------------------

/** Samples heap and buffers every 5 ms while the load runs. */
function sampleMemory() {
  let heap = 0;
  let buffers = 0;
  let rss = 0;
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    heap = Math.max(heap, usage.heapUsed);
    buffers = Math.max(buffers, usage.arrayBuffers);
    rss = Math.max(rss, usage.rss);
  }, 5);
  return () => {
    clearInterval(timer);
    return { heap, buffers, rss };
  };
}

function collect() {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function runMode(mode: "old" | "new") {
  process.env.PILOTHOUSE_MASTER_KEY = randomBytes(32).toString("base64");
  process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS = "127.0.0.1/32";
  process.env.LOG_LEVEL = "error";
  const urls = JSON.parse(process.env.HOSTILE_URLS ?? "[]") as string[];
  const load = mode === "old" ? await oldLoad(urls) : await newLoad(urls);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const before = collect();
  const started = performance.now();
  lag.enable();
  const stop = sampleMemory();
  let refused = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const results = await Promise.allSettled(load.round(round));
    refused += results.filter((result) => result.status === "rejected").length;
  }
  const peak = stop();
  lag.disable();
  const seconds = (performance.now() - started) / 1000;
  const after = collect();
  await load.close();
  const figures: Figures = {
    mode,
    heapBeforeMiB: round1(before / MiB),
    heapPeakMiB: round1(peak.heap / MiB),
    heapAfterMiB: round1(after / MiB),
    buffersPeakMiB: round1(peak.buffers / MiB),
    rssPeakMiB: round1(peak.rss / MiB),
    lagP99Ms: round1(Math.max(0, lag.percentile(99) / 1e6 - 10)),
    lagMaxMs: round1(Math.max(0, lag.max / 1e6 - 10)),
    refused,
    seconds: round1(seconds),
  };
  console.log(`FIGURES ${JSON.stringify(figures)}`);
}

type Load = { round: (index: number) => Promise<unknown>[]; close: () => Promise<void> };

/**
 * The code paths as they were: a connection test's /version and rules review allowed 8 MiB
 * (buffered, then parsed), its five access reviews 64 KiB, all tests at once; a health check's
 * /version and two one-item lists allowed 8 MiB.
 */
async function oldLoad(urls: string[]): Promise<Load> {
  const { openConnection } = await import("../lib/server/k8s/connection");
  const { parseAllowedNetworks } = await import("../lib/server/k8s/outbound-policy");
  const { callCluster } = await import("../lib/server/k8s/request");
  const allowed = parseAllowedNetworks("127.0.0.1/32");
  const caData = Buffer.from(HOSTILE_CA_PEM).toString("base64");
  const connections = await Promise.all(
    urls.map((server) => openConnection({ server, caData }, { type: "token", token: "hostile" }, { allowed })),
  );
  type Connection = (typeof connections)[number];
  const call = (connection: Connection, path: string, maxBytes: number, method: "GET" | "POST" = "GET") =>
    callCluster(connection, { path, method, maxBytes, ...(method === "POST" && { body: {} }) });
  const connectionTest = async (connection: Connection) => {
    await call(connection, "/version", OLD_CAP);
    const review = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    await Promise.all([
      ...Array.from({ length: 5 }, () => call(connection, review, 64 * 1024, "POST")),
      call(connection, "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", OLD_CAP, "POST"),
    ]);
  };
  const healthCheck = async (connection: Connection) => {
    await call(connection, "/version", OLD_CAP);
    await Promise.all([
      call(connection, "/api/v1/nodes?limit=1", OLD_CAP),
      call(connection, "/api/v1/pods?limit=1", OLD_CAP),
    ]);
  };
  return {
    round: () => [
      ...Array.from({ length: TESTS_AT_ONCE }, (_, index) => connectionTest(connections[index % CLUSTERS]!)),
      ...connections.map(healthCheck),
    ],
    close: async () => connections.forEach((connection) => connection.agent.destroy()),
  };
}

/** The product's own paths: connection tests and health checks as they run now. */
async function newLoad(urls: string[]): Promise<Load> {
  // Renamed: "use…" would read as a React hook to the linter.
  const { startTestPostgres, useFreshDatabase: copyMigratedDatabase } = await import("../tests/support/database");
  const { createOrgContext } = await import("../tests/support/cluster-fixtures");
  const { testClusterSource } = await import("../lib/server/clusters/connection-test");
  const { addCluster, getClusterOrThrow } = await import("../lib/server/clusters/service");
  const { checkCluster } = await import("../lib/server/clusters/health");
  const postgres = await startTestPostgres();
  const fresh = await copyMigratedDatabase();
  const users = await Promise.all(
    Array.from({ length: TESTS_AT_ONCE }, (_, index) =>
      createOrgContext(fresh.db, { role: "editor", email: `bench-${index}@example.test` }),
    ),
  );
  const owner = users[0]!;
  const sources = urls.map((server) => ({ server, certificateAuthority: HOSTILE_CA_PEM, token: "hostile" }));
  const clusters: Awaited<ReturnType<typeof getClusterOrThrow>>[] = [];
  for (const [index, source] of sources.entries()) {
    const view = await addCluster({ ...owner, requestId: randomUUID() }, { name: `hostile-${index}`, ...source });
    clusters.push(await getClusterOrThrow(owner.orgId, view.id));
  }
  return {
    round: () => [
      ...users.map((user, index) =>
        testClusterSource({ ...user, requestId: randomUUID() }, sources[index % CLUSTERS]!),
      ),
      ...clusters.map(async (cluster) => {
        const health = await checkCluster(cluster);
        if (health.status !== "healthy") throw new Error(health.lastError ?? "unreachable");
      }),
    ],
    close: async () => {
      await fresh.drop();
      await postgres.stop();
    },
  };
}

function round1(value: number) {
  return Math.round(value * 10) / 10;
}

const mode = process.env.HOSTILE_MODE;
(mode === "old" || mode === "new" ? runMode(mode) : mode === "serve" ? serve() : compare())
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`hostile-clusters failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
