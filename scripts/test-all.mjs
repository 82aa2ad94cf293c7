#!/usr/bin/env node
// `npm test`: the whole suite — lint, format, typecheck, unit, integration (embedded PostgreSQL
// and real kube-apiservers), browser (Debian's Chromium), then the Secret canary check
// (docs/security.md §7). Ends with one line that totals every suite, "N passed, M failed[, K
// skipped]", and exits non-zero on any failure.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// PILOTHOUSE_TEST_CLUSTER_IDS (e.g. "3,4") lets two checkouts on one machine test side by side.
const CLUSTERS = (process.env.PILOTHOUSE_TEST_CLUSTER_IDS ?? "1,2").split(",").map((id) => Number(id.trim()));
const reports = mkdtempSync(path.join(os.tmpdir(), "pilothouse-test-"));
const results = [];
process.env.NEXT_TELEMETRY_DISABLED = "1";
// The Secret canary's directory: its value (never printed), the suites' logs, database dumps and
// the recorders' hits. Every suite started below inherits it.
const canary = path.join(reports, "canary");
mkdirSync(path.join(canary, "logs"), { recursive: true });
process.env.PILOTHOUSE_CANARY_DIR = canary;

/** `log`: also copy the child's output to <canary>/logs/<log>.log, for the canary check to search. */
function run(command, args, { env, log } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ["ignore", log ? "pipe" : "inherit", log ? "pipe" : "inherit"],
      env: { ...process.env, ...env },
    });
    let closed = Promise.resolve();
    if (log) {
      const file = createWriteStream(path.join(canary, "logs", `${log}.log`));
      child.stdout.on("data", (chunk) => (process.stdout.write(chunk), file.write(chunk)));
      child.stderr.on("data", (chunk) => (process.stderr.write(chunk), file.write(chunk)));
      closed = new Promise((done) => child.on("close", () => file.end(done)));
    }
    child.on("error", (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => closed.then(() => resolve(code ?? (signal ? 128 : 1))));
  });
}

function bin(name) {
  return path.join("node_modules", ".bin", name);
}

async function check(name, command, args) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const code = await run(command, args);
  results.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, ms: Date.now() - started });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

async function vitest(project) {
  const started = Date.now();
  const report = path.join(reports, `${project}.json`);
  console.log(`\n=== ${project} tests`);
  const code = await run(
    bin("vitest"),
    ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { log: project },
  );
  const json = readJson(report);
  const counts = json
    ? { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests }
    : { passed: 0, failed: 1, skipped: 0 };
  // A run that failed outside any test (setup, collection) still counts as a failure.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  results.push({ name: `${project} tests`, ...counts, ms: Date.now() - started });
}

async function browser() {
  const started = Date.now();
  const report = path.join(reports, "e2e.json");
  console.log("\n=== browser tests");
  let code = await run(process.execPath, ["scripts/ensure-chromium.mjs"]);
  if (code === 0) code = await run(process.execPath, ["scripts/start.mjs"], { env: { PILOTHOUSE_BUILD_ONLY: "1" } });
  if (code === 0) {
    // The e2e server's log reaches Playwright's output ([WebServer] lines), so it lands in e2e.log.
    code = await run(bin("playwright"), ["test"], { env: { PILOTHOUSE_E2E_REPORT: report }, log: "e2e" });
  }
  const stats = readJson(report)?.stats;
  const counts = stats
    ? { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped }
    : { passed: 0, failed: 1, skipped: 0 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  results.push({ name: "browser tests", ...counts, ms: Date.now() - started });
}

function apiserverAnswers(id) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 30000 + 100 * id + 43 });
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

function clusterEnv(verb, ids) {
  // cluster-env.sh prefixes its own lines with [clusters]; they interleave with the fast checks.
  return run("bash", ["tests/support/realcluster/cluster-env.sh", verb, ...ids.map(String)]);
}

function summarize() {
  console.log("\n=== summary");
  for (const r of results) {
    const skipped = r.skipped ? `, ${r.skipped} skipped` : "";
    console.log(
      `  ${r.name.padEnd(20)} ${r.passed} passed, ${r.failed} failed${skipped}  (${(r.ms / 1000).toFixed(1)} s)`,
    );
  }
  const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
  const skipped = total("skipped");
  console.log(`${total("passed")} passed, ${total("failed")} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return total("failed");
}

// Real clusters take minutes on a cold machine (build) and ~40 s warm: start them first, in the
// background, while the fast checks run. Only the clusters this run started are stopped at the end.
const alreadyRunning = (await Promise.all(CLUSTERS.map(apiserverAnswers))).flatMap((up, i) =>
  up ? [CLUSTERS[i]] : [],
);
const toStart = CLUSTERS.filter((id) => !alreadyRunning.includes(id));
const clustersReady = toStart.length ? clusterEnv("up", CLUSTERS) : Promise.resolve(0);

try {
  await check("lint", bin("eslint"), ["--max-warnings=0", "."]);
  await check("format", bin("prettier"), ["--check", "--log-level=warn", "."]);
  await check("typecheck", bin("tsc"), ["--noEmit"]);
  await vitest("unit");
  const clusterCode = await clustersReady;
  if (clusterCode !== 0)
    console.error("\n[clusters] the test clusters did not start; integration tests that need them will fail");
  // The canary Secret, on the first test cluster, before any suite that could show it.
  if ((await run(bin("tsx"), ["scripts/secret-canary.ts", "plant", canary])) !== 0)
    console.error("\n[canary] could not plant the canary Secret; the canary check will fail");
  await vitest("integration");
  await browser();
  await check("secret canary", bin("tsx"), ["scripts/secret-canary.ts", "check", canary]);
} finally {
  if (toStart.length) await clusterEnv("down", toStart);
}
const failed = summarize();
process.exit(failed > 0 || !existsSync(reports) ? 1 : 0);
