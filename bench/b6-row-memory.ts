/**
 * B6 (PERFORMANCE.md): server memory per cached object, target ≤ 1 KB per row, independent of
 * the number of viewers. Heap is measured after forced garbage collection around a hub holding
 * one view of N pods, then with 100 viewers of the same view; for scale, the same pods kept as
 * full parsed objects (what an informer would hold).
 *
 *   node --expose-gc --import tsx bench/b6-row-memory.ts 10000
 *
 * Creates the pods with bench/scale-pods.ts when they are not there. Prints figures and, last,
 * one summary line.
 */
import type { ClusterConnection } from "../lib/server/k8s/connection";
import { createWatchHub } from "../lib/server/k8s/watch-hub";
import { BENCH_NAMESPACE, benchConnection, benchPodPages, benchPodsView, scalePods } from "./scale-pods";

const gc = (globalThis as { gc?: () => void }).gc;

async function settledHeap(): Promise<number> {
  if (!gc) throw new Error("run with node --expose-gc (see the header of this file)");
  for (let round = 0; round < 4; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
}

async function fullObjects(connection: ClusterConnection): Promise<unknown[]> {
  const objects: unknown[] = [];
  for await (const items of benchPodPages(connection)) objects.push(...items);
  return objects;
}

async function main() {
  const count = Number(process.argv[2] ?? 10000);
  const connection = await benchConnection();
  await scalePods(connection, count);
  const view = benchPodsView(connection);
  // Warm every code path once, so the baseline already holds compiled code and module state.
  const warm = createWatchHub({ lingerMs: 0 });
  const warmHandle = warm.acquire(view);
  await warmHandle.firstSync();
  warmHandle.release();
  await warm.close();

  const baseline = await settledHeap();
  const hub = createWatchHub({ lingerMs: 0 });
  const first = hub.acquire(view);
  await first.firstSync();
  const rows = hub.stats().rows;
  const oneViewer = await settledHeap();

  const others = Array.from({ length: 99 }, () => hub.acquire(view));
  const listeners = others.slice(0, 10).map((handle) => handle.onBatch(() => undefined));
  const hundredViewers = await settledHeap();
  const wire = first.snapshot().rows.reduce((sum, row) => sum + Buffer.byteLength(JSON.stringify(row)), 0) / rows;

  listeners.forEach((stop) => stop());
  for (const handle of [first, ...others]) handle.release();
  await hub.close();

  const beforeObjects = await settledHeap();
  const objects = await fullObjects(connection);
  const withObjects = await settledHeap();

  const perRow = (oneViewer - baseline) / rows;
  const perRowHundred = (hundredViewers - baseline) / rows;
  const perObject = (withObjects - beforeObjects) / objects.length;
  console.log(`rows cached: ${rows} (pods in ${BENCH_NAMESPACE})`);
  console.log(`heap per row, 1 viewer:        ${perRow.toFixed(0)} B`);
  console.log(`heap per row, 100 viewers:     ${perRowHundred.toFixed(0)} B`);
  console.log(`heap per full object (parsed): ${perObject.toFixed(0)} B (${(perObject / perRow).toFixed(1)}× a row)`);
  console.log(`row as JSON on the wire:       ${wire.toFixed(0)} B`);
  console.log(
    `B6 summary: ${perRow.toFixed(0)} B per row at ${rows} pods (target ≤ 1024), ${perRowHundred.toFixed(0)} B with 100 viewers, full objects ${perObject.toFixed(0)} B`,
  );
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`B6 failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
