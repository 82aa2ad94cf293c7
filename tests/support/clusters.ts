/**
 * Real Kubernetes 1.20.2 control planes for the test suite (see docs/testing-clusters.md).
 *
 * startTestClusters() runs tests/support/realcluster/cluster-env.sh (build if needed, start, seed)
 * and publishes the clusters to the test processes through the PILOTHOUSE_TEST_CLUSTERS env var
 * (JSON) and a JSON file in os.tmpdir(). readTestClusters() reads them back in the test workers.
 * stopTestClusters() stops, by PID (down.sh), only the clusters that this process started: a
 * cluster that was already running (e.g. left up with `npm run clusters:up`) is reused and left up.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface TestCluster {
  /** Cluster number N (1..9); ports are 30000 + 100·N + offset. */
  id: number;
  /** Cluster name in the kubeconfigs: `realk8s-N`. */
  name: string;
  /** kube-apiserver URL: `https://127.0.0.1:30N43`. */
  server: string;
  kubeconfigPaths: {
    /** client certificate, O=system:masters */
    admin: string;
    /** static bearer token bound to cluster-admin */
    token: string;
    /** static bearer token bound to the built-in `view` ClusterRole (no secrets, no writes) */
    viewer: string;
  };
  /**
   * Where the apiserver sends TokenReviews for tokens it does not know itself (webhook token
   * authentication): http://127.0.0.1:<this port>/. Nothing listens unless a test starts a
   * stand-in authenticator there (tests/support/cloud/token-webhook.ts).
   */
  tokenWebhookPort: number;
  /** The kube-apiserver's audit log: one JSON line per write (create/update/patch/delete). */
  auditLogPath: string;
}

/** Env var holding the JSON array of TestCluster, set by startTestClusters(). */
export const TEST_CLUSTERS_ENV = "PILOTHOUSE_TEST_CLUSTERS";

/** File written by startTestClusters() for processes that did not inherit the env var. */
export const TEST_CLUSTERS_FILE = path.join(os.tmpdir(), "pilothouse-test-clusters.json");

const CLUSTER_ENV_SH = path.join(path.dirname(fileURLToPath(import.meta.url)), "realcluster", "cluster-env.sh");

interface StateFile {
  /** PID of the process that started the clusters; the file is stale once it has exited. */
  ownerPid: number;
  clusters: TestCluster[];
  /** Ids this run started (and will stop); the others were already running. */
  startedByThisRun: number[];
}

/** Clusters started by this process; only these are stopped by stopTestClusters(). */
let startedByThisRun: number[] = [];

function realk8sRoot(): string {
  return process.env.REALK8S_ROOT || "/var/cache/realk8s";
}

/**
 * Which cluster numbers this run uses: `PILOTHOUSE_TEST_CLUSTER_IDS` (e.g. "3,4"), default 1 and 2.
 * Two checkouts on one machine can then run their suites side by side without sharing clusters.
 */
export function testClusterIds(): number[] {
  const raw = process.env.PILOTHOUSE_TEST_CLUSTER_IDS?.trim();
  const ids = raw ? raw.split(",").map((part) => Number(part.trim())) : [1, 2];
  validateIds(ids);
  return ids;
}

export function describeCluster(id: number): TestCluster {
  const dir = path.join(realk8sRoot(), `cluster${id}`);
  return {
    id,
    name: `realk8s-${id}`,
    server: `https://127.0.0.1:${30000 + id * 100 + 43}`,
    kubeconfigPaths: {
      admin: path.join(dir, "admin.kubeconfig"),
      token: path.join(dir, "token.kubeconfig"),
      viewer: path.join(dir, "viewer.kubeconfig"),
    },
    tokenWebhookPort: 30000 + id * 100 + 60,
    auditLogPath: path.join(dir, "logs", "audit.log"),
  };
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
}

/**
 * Runs `bash cluster-env.sh <args>`, streaming its output (every line already starts with
 * "[clusters]") to stderr unless quiet, and keeping the lines for error messages.
 */
function runClusterEnv(args: string[], quiet = false): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // The fake kubelet runs on the first `node` on PATH: make that the Node running this process.
    const env = {
      ...process.env,
      REALK8S_ROOT: realk8sRoot(),
      PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    };
    const child = spawn("bash", [CLUSTER_ENV_SH, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    const onData = (chunk: Buffer, carry: { rest: string }) => {
      const text = carry.rest + chunk.toString("utf8");
      const parts = text.split("\n");
      carry.rest = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (!quiet) process.stderr.write(`${line}\n`);
      }
    };
    const out = { rest: "" };
    const err = { rest: "" };
    child.stdout.on("data", (c: Buffer) => onData(c, out));
    child.stderr.on("data", (c: Buffer) => onData(c, err));
    child.on("error", (e) => reject(new Error(`[clusters] could not run bash ${CLUSTER_ENV_SH}: ${e.message}`)));
    child.on("close", (code, signal) => {
      for (const rest of [out.rest, err.rest]) {
        if (rest) {
          lines.push(rest);
          if (!quiet) process.stderr.write(`${rest}\n`);
        }
      }
      resolve({ code, signal, lines });
    });
  });
}

function failure(what: string, result: RunResult): Error {
  const failed = [...result.lines].reverse().find((l) => l.includes("FAILED step="));
  const step = failed?.match(/FAILED step=([^:]+):/)?.[1] ?? "unknown step";
  const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
  const tail = result.lines.slice(-25).join("\n");
  return new Error(
    `[clusters] ${what} failed at step "${step}" (${how})` +
      (failed ? `: ${failed.replace(/^.*FAILED step=[^:]+:\s*/, "")}` : "") +
      `\n--- last output of cluster-env.sh ---\n${tail}`,
  );
}

function assertRoot(what: string): void {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error(
      `[clusters] ${what} needs root (the real-cluster harness writes ${realk8sRoot()} and adds ` +
        `blackhole routes); run the integration tests as root, e.g. in the dev container`,
    );
  }
}

function validateIds(ids: number[]): void {
  if (ids.length === 0) throw new Error("[clusters] no cluster ids given");
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 1 || id > 9) {
      throw new Error(`[clusters] cluster id ${String(id)} is not an integer 1..9`);
    }
  }
}

/** Which of `ids` are fully running right now (from their PID files, via cluster-env.sh status). */
async function runningClusters(ids: number[]): Promise<Set<number>> {
  const result = await runClusterEnv(["status", ...ids.map(String)], true);
  if (result.code !== 0) throw failure(`cluster-env.sh status ${ids.join(" ")}`, result);
  const running = new Set<number>();
  for (const line of result.lines) {
    const m = line.match(/cluster (\d): (running|partial|stopped)/);
    // A partially running cluster also belongs to whoever started it: complete it, never stop it.
    if (m && m[2] !== "stopped") running.add(Number(m[1]));
  }
  return running;
}

/**
 * Builds (if needed), starts and seeds real clusters `ids`, then publishes them through
 * process.env.PILOTHOUSE_TEST_CLUSTERS and TEST_CLUSTERS_FILE. Clusters that were already
 * running are reused and will not be stopped by stopTestClusters().
 */
export async function startTestClusters(ids: number[] = testClusterIds()): Promise<TestCluster[]> {
  validateIds(ids);
  assertRoot("startTestClusters");
  const before = await runningClusters(ids);
  const toStart = ids.filter((id) => !before.has(id));
  for (const id of ids) {
    if (before.has(id)) {
      process.stderr.write(`[clusters] cluster ${id} was already running: reusing it, will leave it up\n`);
    }
  }
  // Remember before starting, so that a failure half-way still lets stopTestClusters() clean up.
  startedByThisRun = [...new Set([...startedByThisRun, ...toStart])];
  const started = Date.now();
  const result = await runClusterEnv(["up", ...ids.map(String)]);
  if (result.code !== 0) throw failure(`cluster-env.sh up ${ids.join(" ")}`, result);

  const clusters = ids.map(describeCluster);
  for (const c of clusters) {
    for (const file of Object.values(c.kubeconfigPaths)) {
      if (!existsSync(file)) {
        throw new Error(`[clusters] cluster ${c.id} is up but its kubeconfig ${file} is missing`);
      }
    }
  }
  const state: StateFile = { ownerPid: process.pid, clusters, startedByThisRun };
  process.env[TEST_CLUSTERS_ENV] = JSON.stringify(clusters);
  writeFileSync(TEST_CLUSTERS_FILE, `${JSON.stringify(state, null, 2)}\n`);
  process.stderr.write(
    `[clusters] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      clusters.map((c) => `${c.name} ${c.server}`).join(", ") +
      (toStart.length ? ` (started ${toStart.join(", ")})` : " (all reused)") +
      "\n",
  );
  return clusters;
}

/**
 * Stops (by PID, down.sh) the clusters this process started and forgets the published info.
 * Clusters that were already running before startTestClusters() are left running.
 */
export async function stopTestClusters(): Promise<void> {
  const ids = [...startedByThisRun].sort((a, b) => a - b);
  startedByThisRun = [];
  delete process.env[TEST_CLUSTERS_ENV];
  try {
    const state = JSON.parse(readFileSync(TEST_CLUSTERS_FILE, "utf8")) as StateFile;
    if (state.ownerPid === process.pid) rmSync(TEST_CLUSTERS_FILE, { force: true });
  } catch {
    // no state file, or not ours: nothing to remove
  }
  if (ids.length === 0) return;
  assertRoot("stopTestClusters");
  const result = await runClusterEnv(["down", ...ids.map(String)]);
  if (result.code !== 0) throw failure(`cluster-env.sh down ${ids.join(" ")}`, result);
}

function parseClusters(json: string, source: string): TestCluster[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error(`[clusters] ${source} is not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(value) ? value : (value as Partial<StateFile> | null)?.clusters;
  if (!Array.isArray(list)) throw new Error(`[clusters] ${source} holds no cluster list`);
  return list.map((c: Partial<TestCluster>) => {
    if (
      typeof c?.id !== "number" ||
      typeof c.name !== "string" ||
      typeof c.server !== "string" ||
      typeof c.kubeconfigPaths?.admin !== "string" ||
      typeof c.kubeconfigPaths.token !== "string" ||
      typeof c.kubeconfigPaths.viewer !== "string" ||
      typeof c.tokenWebhookPort !== "number" ||
      typeof c.auditLogPath !== "string"
    ) {
      throw new Error(`[clusters] ${source} has a malformed cluster entry: ${JSON.stringify(c)}`);
    }
    return c as TestCluster;
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The clusters published by startTestClusters(): from PILOTHOUSE_TEST_CLUSTERS if set, else from
 * TEST_CLUSTERS_FILE if the process that wrote it is still alive. Returns [] when none were started.
 */
export function readTestClusters(): TestCluster[] {
  const fromEnv = process.env[TEST_CLUSTERS_ENV];
  if (fromEnv && fromEnv.trim() !== "") return parseClusters(fromEnv, `$${TEST_CLUSTERS_ENV}`);
  if (!existsSync(TEST_CLUSTERS_FILE)) return [];
  const text = readFileSync(TEST_CLUSTERS_FILE, "utf8");
  let state: Partial<StateFile>;
  try {
    state = JSON.parse(text) as Partial<StateFile>;
  } catch (e) {
    throw new Error(`[clusters] ${TEST_CLUSTERS_FILE} is not valid JSON: ${(e as Error).message}`);
  }
  // A file left behind by a run that has exited describes clusters nobody vouches for any more.
  if (typeof state.ownerPid !== "number" || !processAlive(state.ownerPid)) return [];
  return parseClusters(text, TEST_CLUSTERS_FILE);
}
