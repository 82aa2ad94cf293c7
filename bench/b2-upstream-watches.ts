/**
 * B2 (docs/performance.md): upstream watches per distinct view as socket viewers grow
 * 1 → 10 → 100 → 500. Target: exactly one upstream watch, and apiserver requests that do not grow
 * with viewers. Every viewer is a socket.io client signed in as one of 10 members of one org,
 * subscribing to the same list (the bench pods); the apiserver's requests are counted at a
 * loopback proxy in front of it, and the upstream gauge is read from /metrics.
 *
 *   npx tsx bench/b2-upstream-watches.ts 1 10 100 500
 *
 * Needs bench/scale-pods.ts to have created the pods (any count; 1000 is typical).
 */
import { percentile, startLiveHarness } from "./live-harness";
import { BENCH_NAMESPACE } from "./scale-pods";

const STEPS = process.argv.slice(2).map(Number).filter(Boolean);
// Viewers subscribe in bursts of this many (default: a whole step at once, as after a restart).
const SUBSCRIBE_CONCURRENCY = Number(process.env.B2_SUBSCRIBE_CONCURRENCY) || Number.POSITIVE_INFINITY;
const steps = STEPS.length > 0 ? STEPS : [1, 10, 100, 500];

async function main() {
  const harness = await startLiveHarness({ members: 10, countRequests: true });
  const proxy = harness.proxy!;
  const request = { clusterId: harness.clusterId, resource: "pods", namespace: BENCH_NAMESPACE };
  const results: string[] = [];
  console.log(`B2: viewers of one list (pods in ${BENCH_NAMESPACE}), cumulative`);
  console.log("viewers  upstream-watches  rooms  LIST  WATCH  subscribe p50/p99 ms  rows");
  for (const target of steps) {
    const before = { list: proxy.count("list"), watch: proxy.count("watch") };
    const adding = target - harness.viewers.length;
    const added = await harness.addViewers(adding);
    const waits: number[] = [];
    for (let start = 0; start < added.length; start += SUBSCRIBE_CONCURRENCY) {
      await Promise.all(
        added.slice(start, start + SUBSCRIBE_CONCURRENCY).map(async (viewer) => {
          const started = performance.now();
          const ack = await viewer.subscribe(request);
          if (!ack.ok) throw new Error(`subscribe refused: ${ack.error.message}`);
          await viewer.until(() => viewer.snapshots === 1, "the snapshot", 120_000);
          waits.push(performance.now() - started);
        }),
      );
    }
    const watches = await harness.metric("pilothouse_upstream_watches", {
      cluster: harness.clusterId,
      resource: "pods",
    });
    const subscribers = await harness.metric("pilothouse_watch_subscribers");
    const rooms = new Set(harness.viewers.map((viewer) => viewer.subscriptionId)).size;
    const lists = proxy.count("list") - before.list;
    const watchRequests = proxy.count("watch") - before.watch;
    const rowCounts = new Set(harness.viewers.map((viewer) => viewer.rows.size));
    console.log(
      `${String(target).padStart(7)}  ${String(watches).padStart(16)}  ${String(rooms).padStart(5)}  ${String(lists).padStart(4)}  ${String(watchRequests).padStart(5)}  ${percentile(waits, 50).toFixed(0).padStart(8)} / ${percentile(waits, 99).toFixed(0).padEnd(8)}  ${[...rowCounts].join(",")}  (subscribers gauge ${subscribers})`,
    );
    results.push(`${target}: ${watches} watch, +${lists} LIST, +${watchRequests} WATCH`);
  }
  // Steady state: what the apiserver is asked per second with every viewer connected.
  const quiet = { list: proxy.count("list"), watch: proxy.count("watch"), all: proxy.requests().length };
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const perSecond = (proxy.requests().length - quiet.all) / 10;
  console.log(
    `steady state with ${harness.viewers.length} viewers: ${perSecond.toFixed(1)} apiserver requests/s over 10 s`,
  );
  console.log(
    `B2 summary: ${results.join("; ")}; steady ${perSecond.toFixed(1)} req/s (target: 1 watch, requests flat)`,
  );
  await harness.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
