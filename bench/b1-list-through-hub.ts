/**
 * B1 (PERFORMANCE.md): a full list through Pilothouse's watch hub against a direct paginated
 * LIST of the apiserver, in the same run, rounds interleaved. Targets: ratio ≤ 1.10 at p50 and
 * ≤ 1.25 at p95; the first page of 100 sorted and filtered rows from the hub's cache ≤ 100 ms
 * p95 at 10k+ pods.
 *
 * "Through the hub" is what a new viewer of a view waits for: acquire → first sync (paginated
 * LIST, every object scrubbed and projected to a row, the watch started). "Direct" fetches the
 * same pages with the same client and parses them, keeping nothing.
 *
 *   npx tsx bench/b1-list-through-hub.ts 1000 10000     # pod counts (default: 1000 10000)
 *
 * Creates the pods with bench/scale-pods.ts (namespace bench-pods) and leaves them for the next
 * run; `npx tsx bench/scale-pods.ts 0` removes them. Prints figures and, last, one summary line.
 */
import type { ClusterConnection } from "../lib/server/k8s/connection";
import { pod } from "../lib/resources/kinds/pod";
import type { RowQuery } from "../lib/server/k8s/row-query";
import { createWatchHub } from "../lib/server/k8s/watch-hub";
import { benchConnection, benchPodPages, benchPodsView, scalePods } from "./scale-pods";

const ROUNDS: Record<number, number> = { 1000: 30, 10000: 10 };
const QUERY_ROUNDS = 200;

async function directList(connection: ClusterConnection): Promise<number> {
  let count = 0;
  for await (const items of benchPodPages(connection)) count += items.length;
  return count;
}

async function listThroughHub(connection: ClusterConnection): Promise<number> {
  const hub = createWatchHub({ lingerMs: 0 });
  const handle = hub.acquire(benchPodsView(connection));
  const status = await handle.firstSync();
  if (status.state !== "live") throw new Error(`the hub did not sync: ${status.reason?.message}`);
  const rows = hub.stats().rows;
  handle.release();
  await hub.close();
  return rows;
}

/** Wall time of one list, and this process's CPU time for it (the apiserver's is not counted). */
async function timed(run: () => Promise<number>, expected: number, cpu: number[]): Promise<number> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const count = await run();
  const used = process.cpuUsage(cpuBefore);
  if (count !== expected) throw new Error(`listed ${count} pods, expected ${expected}`);
  cpu.push((used.user + used.system) / 1000);
  return performance.now() - started;
}

/** A sort by one of the pod kind's columns, as the socket layer will build it. */
function byColumn(id: string, direction: "asc" | "desc"): RowQuery["sort"] {
  const column = pod.columns.find((candidate) => candidate.id === id);
  if (!column) throw new Error(`the pod kind has no column ${id}`);
  return { id, value: column.value, direction };
}

/** The first page a browser asks for: 100 rows, filtered and sorted by a column, from the cache. */
async function firstPages(connection: ClusterConnection) {
  const hub = createWatchHub({ lingerMs: 0 });
  const handle = hub.acquire(benchPodsView(connection));
  await handle.firstSync();
  const queries: RowQuery[] = [
    { filter: "pod-0", sort: byColumn("restarts", "desc") },
    { labelSelector: "shard in (shard-1, shard-7)", sort: byColumn("ready", "asc") },
    { filter: "running", sort: byColumn("ip", "asc") },
    {},
  ];
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < QUERY_ROUNDS; round++) {
    const query = queries[round % queries.length]!;
    const started = performance.now();
    const page = handle.query({ ...query, limit: 100 });
    samples.push(performance.now() - started);
    if (page.rows.length === 0) throw new Error("a first-page query returned nothing");
  }
  const cpu = process.cpuUsage(cpuBefore);
  // On a shared, loaded machine wall time includes waiting for a core; CPU time is the query's own cost.
  console.log(`first page: CPU ${((cpu.user + cpu.system) / 1000 / QUERY_ROUNDS).toFixed(2)} ms per query`);
  handle.release();
  await hub.close();
  return samples;
}

function percentile(samples: number[], q: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function describe(label: string, samples: number[]) {
  const [p50, p95] = [0.5, 0.95].map((q) => percentile(samples, q).toFixed(1));
  console.log(`${label.padEnd(44)} n=${samples.length} p50=${p50} ms p95=${p95} ms`);
}

async function measure(connection: ClusterConnection, count: number) {
  await scalePods(connection, count);
  const rounds = ROUNDS[count] ?? 10;
  await directList(connection); // warm the connection and the apiserver
  await listThroughHub(connection);
  const direct: number[] = [];
  const hub: number[] = [];
  const cpu = { direct: [] as number[], hub: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    direct.push(await timed(() => directList(connection), count, cpu.direct));
    hub.push(await timed(() => listThroughHub(connection), count, cpu.hub));
  }
  describe(`${count} pods, direct paginated LIST`, direct);
  describe(`${count} pods, through the hub (to first sync)`, hub);
  describe(`${count} pods, direct, client CPU`, cpu.direct);
  describe(`${count} pods, through the hub, client CPU`, cpu.hub);
  const ratio = {
    p50: percentile(hub, 0.5) / percentile(direct, 0.5),
    p95: percentile(hub, 0.95) / percentile(direct, 0.95),
  };
  console.log(`${count} pods, ratio hub/direct: p50 ${ratio.p50.toFixed(2)}, p95 ${ratio.p95.toFixed(2)}`);
  const pages = await firstPages(connection);
  describe(`${count} pods, first page of 100 from the cache`, pages);
  return { count, ratio, firstPageP95: percentile(pages, 0.95) };
}

async function main() {
  const counts = process.argv.slice(2).map(Number);
  const connection = await benchConnection();
  const results = [];
  for (const count of counts.length ? counts : [1000, 10000]) results.push(await measure(connection, count));
  console.log(
    "B1 summary: " +
      results
        .map(
          (r) =>
            `${r.count} pods ratio p50 ${r.ratio.p50.toFixed(2)} (≤ 1.10) p95 ${r.ratio.p95.toFixed(2)} (≤ 1.25), first page p95 ${r.firstPageP95.toFixed(1)} ms (≤ 100)`,
        )
        .join("; "),
  );
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`B1 failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
