/**
 * Does adding clusters from a worst-case kubeconfig stall the server for everyone else? The real
 * server (`node scripts/start.mjs`, embedded PostgreSQL, production build) is started on a free
 * port; a user is created with the admin CLI and given a session; then the add-clusters server
 * action (the dialog's own path) is called again and again with the worst valid kubeconfig the
 * intake accepts (64 KiB limit, the most YAML it allows: 290 contexts) and 25 of its contexts,
 * while /api/health is sampled. The same is done first with a file of just those 25 contexts, so
 * the cost of the kubeconfig itself stands apart from the cost of adding 25 clusters. Prints
 * health latency p50/p99 quiet and during each flood, and, last, one summary line. Asserts nothing.
 *
 * The contexts point at 127.0.0.1:1 (allowed for the run, nothing listens): each add stores a
 * cluster, and its first health check fails at once, so the work measured is Pilothouse's own.
 * Run: `npx tsx bench/kubeconfig-flood.ts` (ROUNDS=N add requests, default 8; SAMPLES=N health
 * requests without the flood, default 400; with it, health is sampled for as long as it lasts).
 * Builds the app first when the build is stale.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { disconnectDb, getDb } from "../lib/server/db/client";
import { createSession } from "../lib/server/auth/sessions";
import { findFreePort } from "../lib/server/db/free-port";
import { removeDataDirectory } from "../lib/server/db/postgres-placement";
import { adversarialKubeconfigs } from "../tests/support/adversarial-kubeconfigs";

const ROUNDS = Number(process.env.ROUNDS ?? 8);
const SAMPLES = Number(process.env.SAMPLES ?? 400);
const CONTEXTS_PER_ADD = 25;
const ROOT = path.resolve(import.meta.dirname, "..");
const EMAIL = "flood@bench.test";

/** The worst valid input of the parse bench, aimed at a loopback port nothing listens on. */
function worstCaseKubeconfig(): string {
  const worst = adversarialKubeconfigs().find((input) => input.name === "many contexts of one cluster and user");
  if (!worst) throw new Error("the adversarial inputs changed: pick the worst valid one again");
  return worst.text.replace("https://cluster.example.com:6443", "https://127.0.0.1:1");
}

/** The same file cut after the 25 contexts that are added: the baseline cost of adding 25 clusters. */
function smallKubeconfig(worst: string): string {
  return worst.slice(0, worst.indexOf(`\n- name: c${CONTEXTS_PER_ADD}\n`) + 1);
}

function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      PILOTHOUSE_DATA_DIR: dataDir,
      PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS: "127.0.0.1/32",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Pilothouse is ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${output}`)));
  });
}

/** A user and org made with the admin CLI, then a session the browser would hold. */
async function signedInCookie(dataDir: string): Promise<string> {
  execFileSync(
    process.execPath,
    [
      "node_modules/tsx/dist/cli.mjs",
      "cli/index.ts",
      "user",
      "create",
      "--email",
      EMAIL,
      "--password-stdin",
      "--org",
      "Flood",
      "--role",
      "owner",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, PILOTHOUSE_DATA_DIR: dataDir },
      input: "flood-bench-password-0123\n",
      stdio: ["pipe", "ignore", "inherit"],
    },
  );
  process.env.DATABASE_URL = databaseUrl(dataDir);
  const user = await getDb().user.findUniqueOrThrow({ where: { email: EMAIL } });
  const token = await createSession(user.id);
  await disconnectDb();
  return `authjs.session-token=${token}`;
}

/** The embedded database's URL: its port from postmaster.pid, its password from secrets.json. */
function databaseUrl(dataDir: string): string {
  const port = readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")
    .split("\n")[3]
    ?.trim();
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  return `postgresql://postgres:${encodeURIComponent(secrets.EMBEDDED_POSTGRES_PASSWORD ?? "")}@127.0.0.1:${port}/pilothouse`;
}

/** The server action's id, from the build's manifest (the browser finds it the same way, in its bundle). */
function addClustersActionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === "lib/actions/clusters.ts" && entry.exportedName === "addClustersAction",
  );
  if (!found) throw new Error("addClustersAction is not in the build's server-reference manifest");
  return found[0];
}

async function addClusters(base: string, cookie: string, actionId: string, kubeconfig: string, round: number) {
  const contexts = Array.from({ length: CONTEXTS_PER_ADD }, (_, index) => ({
    context: `c${index}`,
    name: `flood ${round}-${index}`,
  }));
  const response = await fetch(`${base}/clusters`, {
    method: "POST",
    headers: {
      "Next-Action": actionId,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: base,
      Cookie: cookie,
    },
    body: JSON.stringify([{ kubeconfig, contexts }]),
  });
  const body = await response.text();
  const added = body.split('"ok":true').length - 2; // the ActionResult's own ok, then one per added cluster
  if (response.status !== 200 || added < CONTEXTS_PER_ADD)
    throw new Error(`add round ${round}: HTTP ${response.status}, ${added} added: ${body.slice(0, 300)}`);
}

async function sampleHealth(base: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const response = await fetch(`${base}/api/health`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** ROUNDS add requests back to back, with /api/health sampled for exactly as long as they last. */
async function flood(base: string, cookie: string, actionId: string, kubeconfig: string, firstRound: number) {
  let running = true;
  const adds: number[] = [];
  const requests = (async () => {
    try {
      for (let round = firstRound; round < firstRound + ROUNDS; round += 1) {
        const started = performance.now();
        await addClusters(base, cookie, actionId, kubeconfig, round);
        adds.push(performance.now() - started);
      }
    } finally {
      running = false;
    }
  })();
  const health: number[] = [];
  while (running) health.push(...(await sampleHealth(base, 1)));
  await requests;
  return { adds, health };
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-flood-"));
  const port = await findFreePort();
  const base = `http://localhost:${port}`;
  const server = await startServer(port, dataDir);
  try {
    const cookie = await signedInCookie(dataDir);
    const actionId = addClustersActionId();
    const kubeconfig = worstCaseKubeconfig();
    console.log(
      `kubeconfig: ${Buffer.byteLength(kubeconfig)} bytes, 290 contexts (the most YAML the intake accepts); ${CONTEXTS_PER_ADD} added per request`,
    );

    await sampleHealth(base, 50); // warm up
    const quiet = await sampleHealth(base, SAMPLES);

    const small = await flood(base, cookie, actionId, smallKubeconfig(kubeconfig), 0);
    const worst = await flood(base, cookie, actionId, kubeconfig, ROUNDS);

    const row = (label: string, values: number[]) =>
      console.log(
        `${label.padEnd(40)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms  p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms  max ${Math.max(
          ...values,
        )
          .toFixed(1)
          .padStart(7)} ms  (n=${values.length})`,
      );
    row("/api/health, quiet", quiet);
    row("/api/health, adding from a 25-context file", small.health);
    row("/api/health, adding from the worst case", worst.health);
    row("add request, 25-context file", small.adds);
    row("add request, worst case", worst.adds);
    console.log(
      `kubeconfig-flood: health p99 ${percentile(quiet, 99).toFixed(1)} ms quiet, ${percentile(small.health, 99).toFixed(1)} ms adding from a small file, ${percentile(worst.health, 99).toFixed(1)} ms adding from the worst case (${ROUNDS} requests × ${CONTEXTS_PER_ADD} clusters each; add p50 ${percentile(small.adds, 50).toFixed(0)} vs ${percentile(worst.adds, 50).toFixed(0)} ms)`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    removeDataDirectory(path.join(dataDir, "postgres"));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
