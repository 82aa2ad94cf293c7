/**
 * B4 (docs/performance.md): a 10k-pod list in a real browser. Debian's Chromium through
 * Playwright against a real server (`node scripts/start.mjs`, built if needed) and the bench
 * cluster seeded with N Running pods in namespace bench-pods (scale-pods.ts). Prints, warm
 * (the server's watch view already holds the rows):
 *
 *   - first rows painted: navigation start → the first screen of rows in the DOM and painted;
 *   - sort: header click → the first row changed, painted (server sorts the window);
 *   - filter: the URL update (after the input's 250 ms typing pause) → the total changed, painted;
 *   - JS heap after a forced GC (CDP), with the list open;
 *   - table rows in the DOM against rows that fit the viewport.
 *
 *   PILOTHOUSE_TEST_CLUSTER_IDS=1 npx tsx bench/b4-browser-list.ts 10000 [port] [--seeded]
 *
 * `--seeded`: bench-pods already holds the pods (scale-pods.ts ran); measure without waiting for
 * the fake kubelet to mark every one Running (the list is as long either way).
 *
 * Run it alone (not while a browser suite runs): it starts its own server on `port` (default
 * PILOTHOUSE_E2E_PORT or 3214) with a throwaway data directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, expect, type Page } from "@playwright/test";
import { newAccount, signUp } from "../tests/support/e2e";
import { addClusterThroughDialog } from "../tests/support/e2e-clusters";
import { BENCH_NAMESPACE, benchCluster, benchConnection, scalePods } from "./scale-pods";

const ROUNDS = 7;
const ROW_HEIGHT = 41;

async function main() {
  const count = Number(process.argv[2] ?? 10_000);
  const port = Number(process.argv[3] ?? process.env.PILOTHOUSE_E2E_PORT ?? 3214);
  const seeded = process.argv.includes("--seeded");
  const baseURL = `http://localhost:${port}`;
  console.log(`B4: ${count} pods on cluster ${benchCluster().id}, server on ${baseURL}`);
  if (!seeded) await scalePods(await benchConnection(), count);

  const server = await startServer(port, baseURL);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-precise-memory-info"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL });
    // tsx keeps function names with an `__name` helper that the page does not have.
    await page.addInitScript({ content: "window.__name = (fn) => fn;" });
    expect.configure({ timeout: 120_000 });
    await signUp(page, newAccount("bench"));
    const clusterId = await addClusterThroughDialog(page, benchCluster(), "admin");
    const url = `/clusters/${clusterId}/pods?ns=${BENCH_NAMESPACE}`;

    // Cold: the first viewer makes the server list 10k pods. Not a B4 figure, printed for context.
    const cold = await firstScreen(page, url, count);
    console.log(`cold first screen (the server lists ${count} pods first): ${cold.toFixed(0)} ms`);

    const first = await repeat(() => firstScreen(page, url, count));
    const sort = await repeat(() => sortResponse(page));
    const filter = await repeat((round) => filterResponse(page, round));
    const heap = await heapAfterGc(page);
    const dom = await domRows(page);
    console.log(
      [
        `first rows painted (warm): p50 ${p(first, 0.5)} ms, max ${p(first, 1)} ms (target ≤ 500 ms)`,
        `sort → first row changed: p50 ${p(sort, 0.5)} ms, max ${p(sort, 1)} ms (target ≤ 200 ms)`,
        `filter (URL updated) → total changed: p50 ${p(filter, 0.5)} ms, max ${p(filter, 1)} ms (target ≤ 200 ms; typing pause of 250 ms before it)`,
        `JS heap after GC: ${(heap / 1048576).toFixed(1)} MiB (target ≤ 50 MB)`,
        `table rows in the DOM: ${dom.rows} for ${dom.fit} that fit the viewport, ${(dom.rows / dom.fit).toFixed(2)}× (target ≤ 2×)`,
      ].join("\n"),
    );
    console.log(
      `B4 ${count} pods: first ${p(first, 0.5)} ms, sort ${p(sort, 0.5)} ms, filter ${p(filter, 0.5)} ms, heap ${(heap / 1048576).toFixed(1)} MiB, DOM rows ${(dom.rows / dom.fit).toFixed(2)}× viewport`,
    );
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
}

/** Navigation start → enough rows to fill the screen are in the DOM, then two frames (painted). */
async function firstScreen(page: Page, url: string, count: number): Promise<number> {
  await page.goto("about:blank");
  await page.goto(url, { waitUntil: "commit" });
  return page.evaluate(
    async ({ rowHeight, total }) => {
      const enough = () => {
        const scroller = document.querySelector('[data-testid="resource-scroll"]');
        if (!scroller) return false;
        const fit = Math.min(total, Math.floor(scroller.clientHeight / rowHeight) - 1);
        return document.querySelectorAll('[data-testid^="resource-row-"]').length >= Math.min(50, fit);
      };
      while (!enough()) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now();
    },
    { rowHeight: ROW_HEIGHT, total: count },
  );
}

/**
 * A sort header clicked → the first row is another one, painted. The name header cycles
 * ascending (the same first row as the default order here, so not timed: its aria-sort is
 * awaited instead), descending, default; the last two are timed.
 */
async function sortResponse(page: Page): Promise<number> {
  for (;;) {
    const timed = await page.evaluate(async () => {
      const header = document.querySelector('[data-testid="sort-name"]')!;
      const button = header as HTMLButtonElement;
      const sorted = () => header.closest("th")?.getAttribute("aria-sort");
      const firstRow = () => document.querySelector('[data-testid^="resource-row-"]')?.getAttribute("data-testid");
      const before = { sort: sorted(), row: firstRow() };
      const started = performance.now();
      button.click();
      if (!before.sort) {
        while (sorted() !== "ascending") await new Promise((resolve) => setTimeout(resolve, 2));
        return null;
      }
      while (firstRow() === before.row || !firstRow()) await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now() - started;
    });
    if (timed !== null) return timed;
  }
}

/** Types a filter that matches one pod in ten, alternating with none; timed from the URL update. */
async function filterResponse(page: Page, round: number): Promise<number> {
  const text = round % 2 === 0 ? "pod-01" : "";
  const totalBefore = await page.getByTestId("resource-total").textContent();
  await page.getByTestId("resource-filter").fill(text);
  return page.evaluate(
    async ({ wanted, before }) => {
      const has = () => new URL(location.href).searchParams.get("q") === (wanted || null);
      while (!has()) await new Promise((resolve) => setTimeout(resolve, 1));
      const started = performance.now();
      const total = () => document.querySelector('[data-testid="resource-total"]')?.textContent;
      while (total() === before) await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now() - started;
    },
    { wanted: text, before: totalBefore },
  );
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  return usedSize;
}

async function domRows(page: Page) {
  return page.evaluate((rowHeight) => {
    const scroller = document.querySelector('[data-testid="resource-scroll"]')!;
    return {
      rows: scroller.querySelectorAll("tbody tr:not([aria-hidden])").length,
      fit: Math.ceil(scroller.clientHeight / rowHeight),
    };
  }, ROW_HEIGHT);
}

async function repeat(measure: (round: number) => Promise<number>): Promise<number[]> {
  const results: number[] = [];
  for (let round = 0; round < ROUNDS; round++) results.push(await measure(round));
  return results;
}

function p(values: readonly number[], quantile: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(quantile * (sorted.length - 1)))]!.toFixed(0);
}

/** The real server, as `npm start` runs it, on loopback, with its own throwaway data directory. */
async function startServer(port: number, baseURL: string): Promise<ChildProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-b4-"));
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

await main();
