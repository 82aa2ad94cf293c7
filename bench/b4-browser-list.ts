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
 *   - table rows in the DOM against rows that fit the viewport;
 *   - where the first-rows time goes (p50 of each mark, from navigation start): the server's
 *     first byte and last byte of the HTML, the JS the page loads (bytes, parse and run as long
 *     tasks), DOMContentLoaded, the socket created (≈ hydrated and effects run), open, the
 *     subscription sent, the first window received, and whether the HTML already held the rows;
 *   - a client-side navigation: a kind clicked in the kind navigation of another list page →
 *     the first screen of rows painted.
 *
 *   PILOTHOUSE_TEST_CLUSTER_IDS=1 npx tsx bench/b4-browser-list.ts 10000 [port] [--seeded]
 *
 * `--seeded`: bench-pods already holds the pods (scale-pods.ts ran); measure without waiting for
 * the fake kubelet to mark every one Running (the list is as long either way).
 *
 * Run it alone (not while a browser suite runs): it starts its own server on `port` (default
 * PILOTHOUSE_E2E_PORT or 3214) with a throwaway data directory.
 */
import type { Page } from "@playwright/test";
import { heapAfterGc, openBench, p, repeat } from "./browser-harness";
import { BENCH_NAMESPACE } from "./scale-pods";

const ROW_HEIGHT = 41;

async function main() {
  const { page, clusterId, count, close } = await openBench("B4");
  try {
    await page.addInitScript(recordSocketMarks);
    const url = `/clusters/${clusterId}/pods?ns=${BENCH_NAMESPACE}`;

    // Cold: the first viewer makes the server list 10k pods. Not a B4 figure, printed for context.
    const cold = await firstScreen(page, url, count);
    console.log(`cold first screen (the server lists ${count} pods first): ${cold.toFixed(0)} ms`);

    const marks: Breakdown[] = [];
    const first = await repeat("first rows", async () => {
      const painted = await firstScreen(page, url, count);
      marks.push({ ...(await breakdownOf(page)), painted });
      return painted;
    });
    console.log(breakdownReport(marks));
    // The kind navigation links to all namespaces: a view of its own, listed once (cold) first.
    await firstScreen(page, `/clusters/${clusterId}/pods`, count, 600_000);
    const clientNav = await repeat("client-side navigation", () => clientNavigation(page, clusterId, count));
    await page.goto(url);
    const sort = await repeat("sort", () => sortResponse(page));
    const filter = await repeat("filter", (round) => filterResponse(page, round));
    const heap = await heapAfterGc(page);
    const dom = await domRows(page);
    console.log(
      [
        `first rows painted (warm): p50 ${p(first, 0.5)} ms, max ${p(first, 1)} ms (target ≤ 500 ms)`,
        `client-side navigation (a kind clicked in the nav of another list) → first rows painted: p50 ${p(clientNav, 0.5)} ms, max ${p(clientNav, 1)} ms`,
        `sort → first row changed: p50 ${p(sort, 0.5)} ms, max ${p(sort, 1)} ms (target ≤ 200 ms)`,
        `filter (URL updated) → total changed: p50 ${p(filter, 0.5)} ms, max ${p(filter, 1)} ms (target ≤ 200 ms; typing pause of 250 ms before it)`,
        `JS heap after GC: ${(heap / 1048576).toFixed(1)} MiB (target ≤ 50 MB)`,
        `table rows in the DOM: ${dom.rows} for ${dom.fit} that fit the viewport, ${(dom.rows / dom.fit).toFixed(2)}× (target ≤ 2×)`,
      ].join("\n"),
    );
    console.log(
      `B4 ${count} pods: first ${p(first, 0.5)} ms, client nav ${p(clientNav, 0.5)} ms, sort ${p(sort, 0.5)} ms, filter ${p(filter, 0.5)} ms, heap ${(heap / 1048576).toFixed(1)} MiB, DOM rows ${(dom.rows / dom.fit).toFixed(2)}× viewport`,
    );
  } finally {
    await close();
  }
}

/** Navigation start → enough rows to fill the screen are in the DOM, then two frames (painted). */
async function firstScreen(page: Page, url: string, count: number, timeoutMs = 60_000): Promise<number> {
  await page.goto("about:blank");
  await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
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

/** The kind navigation's Deployments link, then its Pods link: the second is timed. */
async function clientNavigation(page: Page, clusterId: string, count: number): Promise<number> {
  await page.goto(`/clusters/${clusterId}/deployments.apps?ns=${BENCH_NAMESPACE}`);
  await page.getByTestId("resource-list").waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="resource-total"]')?.textContent !== "…");
  return page.evaluate(
    async ({ rowHeight, total }) => {
      const link = document.querySelector<HTMLAnchorElement>('aside [data-testid="kind-link-pods"]')!;
      const started = performance.now();
      link.click();
      const enough = () => {
        if (!location.pathname.endsWith("/pods")) return false;
        const scroller = document.querySelector('[data-testid="resource-scroll"]');
        if (!scroller) return false;
        const fit = Math.min(total, Math.floor(scroller.clientHeight / rowHeight) - 1);
        // All namespaces, sorted by name: the seeded workloads' pods share the first screen.
        return document.querySelectorAll('[data-testid^="resource-row-"]').length >= Math.min(50, fit);
      };
      while (!enough()) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now() - started;
    },
    { rowHeight: ROW_HEIGHT, total: count },
  );
}

type Breakdown = {
  ttfb: number;
  htmlDone: number;
  htmlBytes: number;
  htmlRows: number;
  scriptBytes: number;
  scriptCount: number;
  scriptsLoaded: number;
  longTaskMs: number;
  domContentLoaded: number;
  socketCreated: number;
  socketOpen: number;
  subscribeSent: number;
  firstWindow: number;
  painted: number;
};

/**
 * Runs in the page before its scripts: times the socket (created, open, the subscription sent,
 * the first window received), long tasks (parse, run, hydration), and how many rows the HTML held.
 */
function recordSocketMarks() {
  const marks: Record<string, number> = {};
  const longTasks: number[] = [];
  Object.assign(window, { __b4: { marks, longTasks } });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
  document.addEventListener("readystatechange", () => {
    if (document.readyState === "interactive" && marks.htmlRows === undefined) {
      marks.htmlRows = document.querySelectorAll('[data-testid^="resource-row-"]').length;
    }
  });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      marks.socketCreated ??= performance.now();
      this.addEventListener("open", () => (marks.socketOpen ??= performance.now()));
      this.addEventListener("message", (event: MessageEvent) => {
        if (typeof event.data === "string" && event.data.includes('"watch:window"')) {
          marks.firstWindow ??= performance.now();
        }
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (typeof data === "string" && data.includes('"watch:subscribe"')) marks.subscribeSent ??= performance.now();
      super.send(data);
    }
  };
}

async function breakdownOf(page: Page): Promise<Omit<Breakdown, "painted">> {
  return page.evaluate(() => {
    const { marks, longTasks } = (window as unknown as { __b4: { marks: Record<string, number>; longTasks: number[] } })
      .__b4;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
      (entry) => entry.initiatorType === "script" || entry.name.endsWith(".js"),
    );
    return {
      ttfb: nav.responseStart,
      htmlDone: nav.responseEnd,
      htmlBytes: nav.decodedBodySize,
      htmlRows: marks.htmlRows ?? 0,
      scriptBytes: scripts.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
      scriptCount: scripts.length,
      scriptsLoaded: Math.max(0, ...scripts.map((entry) => entry.responseEnd)),
      longTaskMs: longTasks.reduce((sum, duration) => sum + duration, 0),
      domContentLoaded: nav.domContentLoadedEventEnd,
      socketCreated: marks.socketCreated ?? NaN,
      socketOpen: marks.socketOpen ?? NaN,
      subscribeSent: marks.subscribeSent ?? NaN,
      firstWindow: marks.firstWindow ?? NaN,
    };
  });
}

function breakdownReport(marks: readonly Breakdown[]): string {
  const median = (pick: (mark: Breakdown) => number) => Number(p(marks.map(pick), 0.5));
  // A socket mark still unset when the rows were painted: the rows did not wait for it.
  const line = (label: string, pick: (mark: Breakdown) => number) => {
    const seen = marks.map(pick).filter((value) => !Number.isNaN(value));
    const value = seen.length > 0 ? `${p(seen, 0.5)} ms` : "after the rows were painted";
    return `    ${label.padEnd(44)} ${value}`;
  };
  return [
    "  where the first rows' time goes (p50 from navigation start):",
    line("server's first byte of HTML", (mark) => mark.ttfb),
    line("HTML done", (mark) => mark.htmlDone),
    line("JS loaded (last script)", (mark) => mark.scriptsLoaded),
    line("DOMContentLoaded", (mark) => mark.domContentLoaded),
    line("socket created (≈ hydrated, effects run)", (mark) => mark.socketCreated),
    line("socket open", (mark) => mark.socketOpen),
    line("subscription sent", (mark) => mark.subscribeSent),
    line("first window received", (mark) => mark.firstWindow),
    line("first rows painted", (mark) => mark.painted),
    `    HTML ${(median((mark) => mark.htmlBytes) / 1024).toFixed(0)} KiB holding ${median((mark) => mark.htmlRows)} rows; ` +
      `JS ${median((mark) => mark.scriptCount)} files, ${(median((mark) => mark.scriptBytes) / 1024).toFixed(0)} KiB decoded; ` +
      `long tasks (parse, run, hydrate) ${median((mark) => mark.longTaskMs)} ms in all`,
  ].join("\n");
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

async function domRows(page: Page) {
  return page.evaluate((rowHeight) => {
    const scroller = document.querySelector('[data-testid="resource-scroll"]')!;
    return {
      rows: scroller.querySelectorAll("tbody tr:not([aria-hidden])").length,
      fit: Math.ceil(scroller.clientHeight / rowHeight),
    };
  }, ROW_HEIGHT);
}

await main();
