/**
 * What the browser benchmarks share (B4, B9): the real server started as `npm start` runs it, a
 * JS heap reading after a forced GC, rounds and percentiles.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, expect, type Browser, type Page } from "@playwright/test";
import { newAccount, signUp } from "../tests/support/e2e";
import { addClusterThroughDialog } from "../tests/support/e2e-clusters";
import { benchCluster, benchConnection, scalePods } from "./scale-pods";

export const ROUNDS = 7;

export type BenchSession = { page: Page; clusterId: string; browser: Browser; close: () => Promise<void> };

/**
 * The bench's arguments (`count [port] [--seeded]`), the pods seeded unless `--seeded`, the real
 * server started, and Chromium at 1440×900 signed up as a new account with the bench cluster added.
 */
export async function openBench(name: string): Promise<BenchSession & { count: number }> {
  const count = Number(process.argv[2] ?? 10_000);
  const port = Number(process.argv[3] ?? process.env.PILOTHOUSE_E2E_PORT ?? 3214);
  const baseURL = `http://localhost:${port}`;
  console.log(`${name}: ${count} pods on cluster ${benchCluster().id}, server on ${baseURL}`);
  if (!process.argv.includes("--seeded")) await scalePods(await benchConnection(), count);
  const server = await startServer(port, baseURL);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-precise-memory-info"],
  });
  const close = async () => {
    await browser.close();
    server.kill("SIGTERM");
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL });
    // tsx keeps function names with an `__name` helper that the page does not have.
    await page.addInitScript({ content: "window.__name = (fn) => fn;" });
    expect.configure({ timeout: 180_000 });
    await signUp(page, newAccount("bench"));
    const clusterId = await addClusterThroughDialog(page, benchCluster(), "admin").catch(async () => {
      // The fleet row was clicked, but on a loaded machine the cluster page (whose server is busy
      // listing the 10k pods for the first time) takes longer than the helper's 5 s to open.
      await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/, { timeout: 180_000 });
      return new URL(page.url()).pathname.split("/").at(-1)!;
    });
    return { page, clusterId, browser, close, count };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  return usedSize;
}

/** ROUNDS measurements, each printed as it comes and bounded, so a stuck round names itself. */
export async function repeat(label: string, measure: (round: number) => Promise<number>): Promise<number[]> {
  const results: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}, round ${round + 1}: no answer in 60 s`)), 60_000);
    });
    try {
      results.push(await Promise.race([measure(round), stuck]));
    } finally {
      clearTimeout(timer);
    }
    console.log(`  ${label} ${round + 1}/${ROUNDS}: ${results.at(-1)!.toFixed(0)} ms`);
  }
  return results;
}

export function p(values: readonly number[], quantile: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(quantile * (sorted.length - 1)))]!.toFixed(0);
}

/** The real server, as `npm start` runs it, on loopback, with its own throwaway data directory. */
export async function startServer(port: number, baseURL: string): Promise<ChildProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-bench-"));
  const child = spawn("node", ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      PILOTHOUSE_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS: "127.0.0.1/32",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${baseURL}/api/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  child.kill("SIGTERM");
  throw new Error("the server did not become ready within 10 minutes");
}
