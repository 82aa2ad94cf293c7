/**
 * Puts N pods on a test cluster quickly, for the list and memory benchmarks (B1, B6), and takes
 * them away again. Bare pods bound straight to the fake kubelet's node (no scheduler, no
 * controller), created with bounded concurrency; the fake kubelet marks them Running.
 *
 *   npx tsx bench/scale-pods.ts 10000     # make namespace bench-pods hold exactly 10000 pods
 *   npx tsx bench/scale-pods.ts 0         # remove them (and the namespace)
 *
 * Uses the first cluster of PILOTHOUSE_TEST_CLUSTER_IDS (default 1); needs it up
 * (`npm run clusters:up`). On a loaded 2-core machine 10k pods can keep the fake kubelet busy
 * long enough to miss its node heartbeats: the node controller then marks every pod on the node
 * not Ready, and the fake kubelet does not set them Ready again. Re-seed the cluster afterwards
 * (`bash tests/support/realcluster/down.sh N --wipe`, then `cluster-env.sh up N`).
 */
import { pathToFileURL } from "node:url";
import type { KubeObject } from "../lib/resources/types";
import type { ClusterConnection } from "../lib/server/k8s/connection";
import { requestJson } from "../lib/server/k8s/http-guard";
import type { WatchSpec } from "../lib/server/k8s/watch-hub";
import { describeCluster, type TestCluster } from "../tests/support/clusters";
import { pod } from "../lib/resources/kinds/pod";
import { connectTo, kindView } from "../tests/support/watch-fixtures";

export const BENCH_NAMESPACE = "bench-pods";
const CONCURRENCY = 24;
const SETTLE_TIMEOUT_MS = 15 * 60_000;

process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS ??= "127.0.0.1/32";

/** The cluster the benchmarks use: the first of PILOTHOUSE_TEST_CLUSTER_IDS. */
export function benchCluster(): TestCluster {
  const id = Number((process.env.PILOTHOUSE_TEST_CLUSTER_IDS ?? "1").split(",")[0]);
  return describeCluster(id);
}

export async function benchConnection(): Promise<ClusterConnection> {
  return connectTo(benchCluster(), "token");
}

/** Make the bench namespace hold exactly `count` Running pods; returns when the kubelet is done. */
export async function scalePods(connection: ClusterConnection, count: number, log = console.log) {
  const started = performance.now();
  if (count === 0) return removeAll(connection, log);
  await call(connection, "POST", "/api/v1/namespaces", { metadata: { name: BENCH_NAMESPACE } }, [409]);
  await waitForServiceAccount(connection);
  const existing = new Set(await podNames(connection));
  const wanted = new Set(Array.from({ length: count }, (_, index) => podName(index)));
  const missing = [...wanted].filter((name) => !existing.has(name));
  const extra = [...existing].filter((name) => !wanted.has(name));
  log(`bench-pods: ${existing.size} present, creating ${missing.length}, deleting ${extra.length}`);
  const node = `realk8s-${benchCluster().id}-node`;
  await inParallel(missing, (name) => call(connection, "POST", podsPath(), podManifest(name, node), [409]));
  await inParallel(extra, (name) => call(connection, "DELETE", `${podsPath()}/${name}?gracePeriodSeconds=0`));
  log(`bench-pods: requests done in ${seconds(started)}; waiting for the fake kubelet to run them`);
  await waitUntilAllRunning(connection);
  log(`bench-pods: ${count} pods Running after ${seconds(started)}`);
}

async function removeAll(connection: ClusterConnection, log: typeof console.log) {
  await call(connection, "DELETE", `${podsPath()}?gracePeriodSeconds=0`, undefined, [404]);
  await call(connection, "DELETE", `/api/v1/namespaces/${BENCH_NAMESPACE}`, undefined, [404]);
  log("bench-pods: pods and namespace deleted");
}

function podName(index: number): string {
  return `pod-${String(index).padStart(5, "0")}`;
}

function podsPath(): string {
  return `/api/v1/namespaces/${BENCH_NAMESPACE}/pods`;
}

/** A pod shaped like a real workload's: labels, an owner-like name, one container with ports and resources. */
function podManifest(name: string, nodeName: string) {
  const shard = `shard-${Number(name.slice(-5)) % 20}`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      labels: { app: "bench", shard, "app.kubernetes.io/part-of": "pilothouse-bench" },
      annotations: { "realk8s.dev/behavior": "run" },
    },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: "app",
          image: "nginx:1.21.6",
          ports: [{ containerPort: 8080, name: "http" }],
          resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
          env: [{ name: "SHARD", value: shard }],
        },
      ],
    },
  };
}

/** The hub's view of the bench pods, as the stored identity, over `connection`. */
export function benchPodsView(connection: ClusterConnection): WatchSpec {
  return {
    clusterId: "bench",
    credentialVersion: 1,
    ...kindView(pod),
    namespace: BENCH_NAMESPACE,
    connect: async () => connection,
  };
}

/** The bench pods page by page (limit 500), as a client of the apiserver reads them. */
export async function* benchPodPages(connection: ClusterConnection): AsyncGenerator<KubeObject[]> {
  let token = "";
  do {
    const page = await call<{ items: KubeObject[]; metadata: { continue?: string } }>(
      connection,
      "GET",
      `${podsPath()}?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ""}`,
    );
    yield page.items;
    token = page.metadata.continue ?? "";
  } while (token);
}

async function podNames(connection: ClusterConnection): Promise<string[]> {
  const names: string[] = [];
  for await (const items of benchPodPages(connection)) names.push(...items.map((item) => item.metadata?.name ?? ""));
  return names;
}

/** Pods are refused until the namespace's default ServiceAccount has its token. */
async function waitForServiceAccount(connection: ClusterConnection) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const account = await call<{ secrets?: unknown[] } | null>(
      connection,
      "GET",
      `/api/v1/namespaces/${BENCH_NAMESPACE}/serviceaccounts/default`,
      undefined,
      [404],
    );
    if (account?.secrets?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the bench namespace's default ServiceAccount never got its token");
}

async function waitUntilAllRunning(connection: ClusterConnection) {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    // A busy apiserver may time out on this filtered read (504): that just means "ask again".
    const pending = await call<{ items?: unknown[] }>(
      connection,
      "GET",
      `${podsPath()}?limit=1&fieldSelector=${encodeURIComponent("status.phase!=Running")}`,
      undefined,
      [429, 500, 503, 504],
    );
    if (pending.items?.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error("the fake kubelet did not run every bench pod in time");
}

async function call<T = unknown>(
  connection: ClusterConnection,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
  tolerated: number[] = [],
): Promise<T> {
  const response = await requestJson<T>({ ...connection, method, path, body, timeoutMs: 120_000, maxBytes: 16 << 20 });
  if (response.status >= 300 && !tolerated.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}`);
  }
  return response.body;
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const count = Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 0 || count > 50_000) {
    console.error("usage: npx tsx bench/scale-pods.ts <count 0..50000>");
    process.exit(2);
  }
  benchConnection()
    .then((connection) => scalePods(connection, count))
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(`scale-pods failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
