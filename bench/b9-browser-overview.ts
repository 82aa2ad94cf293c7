/**
 * B9 (docs/realtime.md, "Aggregates"): the cluster overview of a cluster with N pods in a real
 * browser. Debian's Chromium through Playwright against a real server (`node scripts/start.mjs`,
 * built if needed) and the bench cluster seeded with N Running pods (scale-pods.ts). Prints,
 * warm (the server's views already hold the rows):
 *
 *   - first screen painted: navigation start → the pods card counts every pod, painted;
 *   - bytes received over the socket until then (every websocket frame's payload);
 *   - JS heap after a forced GC (CDP), with the overview open.
 *
 *   PILOTHOUSE_TEST_CLUSTER_IDS=6 npx tsx bench/b9-browser-overview.ts 10000 [port] [--seeded]
 *
 * Run it alone (not while a browser suite runs): it starts its own server on `port` (default
 * PILOTHOUSE_E2E_PORT or 3214) with a throwaway data directory.
 */
import type { Page } from "@playwright/test";
import { heapAfterGc, openBench, p, repeat } from "./browser-harness";

async function main() {
  const { page, clusterId, count, close } = await openBench("B9 (cluster overview)");
  try {
    const url = `/clusters/${clusterId}`;
    const socketBytes = await countSocketBytes(page);

    const cold = await firstScreen(page, url, count);
    console.log(`cold first screen (the server lists the cluster first): ${cold.toFixed(0)} ms`);

    const bytes: number[] = [];
    const first = await repeat("first screen", async () => {
      socketBytes.reset();
      const painted = await firstScreen(page, url, count);
      bytes.push(socketBytes.total());
      return painted;
    });
    const heap = await heapAfterGc(page);
    console.log(
      [
        `first screen painted (warm): p50 ${p(first, 0.5)} ms, max ${p(first, 1)} ms`,
        `socket bytes received for the first screen: p50 ${p(bytes, 0.5)} B, max ${p(bytes, 1)} B`,
        `JS heap after GC: ${(heap / 1048576).toFixed(1)} MiB`,
      ].join("\n"),
    );
    console.log(
      `B9 ${count} pods: overview first screen ${p(first, 0.5)} ms, socket ${(Number(p(bytes, 0.5)) / 1024).toFixed(1)} KiB, heap ${(heap / 1048576).toFixed(1)} MiB`,
    );
  } finally {
    await close();
  }
}

/** Navigation start → the pods card counts at least `count` pods and the node bars are drawn, painted. */
async function firstScreen(page: Page, url: string, count: number): Promise<number> {
  await page.goto("about:blank");
  await page.goto(url, { waitUntil: "commit" });
  return page.evaluate(async (total) => {
    const ready = () => {
      const pods = document.querySelector('[data-testid="overview-pods"]')?.textContent ?? "";
      const all = /(\d+) in all/.exec(pods);
      return !!all && Number(all[1]) >= total && !!document.querySelector('[data-testid^="node-usage-"]');
    };
    while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now();
  }, count);
}

/** Sums the payloads of websocket frames the page receives (CDP Network events). */
async function countSocketBytes(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  let total = 0;
  cdp.on("Network.webSocketFrameReceived", (event) => {
    total += Buffer.byteLength(event.response.payloadData, event.response.opcode === 2 ? "base64" : "utf8");
  });
  return { reset: () => (total = 0), total: () => total };
}

await main();
