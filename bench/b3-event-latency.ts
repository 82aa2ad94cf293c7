/**
 * B3 (docs/performance.md): latency from an apiserver event to 100 socket viewers while pods are
 * patched at a steady rate, against a direct watch of the apiserver in the same run. Targets:
 * added latency p50 ≤ 20 ms, p99 ≤ 100 ms; every viewer's final rows equal the cluster's.
 *
 * Each patch sets the label `bench-seq` on one of the bench pods (round robin), so rows carry it.
 * Latency is receive time minus the time the PATCH was sent, for a direct watch of the apiserver
 * and for each socket viewer; what Pilothouse adds is the difference, per event (the apiserver's
 * own write and watch delay is in both). Viewers, server and patcher share this process and its 2 cores: the figures
 * include the viewers' own JSON parsing.
 *
 *   npx tsx bench/b3-event-latency.ts [viewers=100] [patches/s=100] [seconds=15]
 *
 * Needs bench/scale-pods.ts to have created ≥ 100 pods.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { KubeObject } from "../lib/resources/types";
import { openStream, requestJson } from "../lib/server/k8s/http-guard";
import { readLines } from "../lib/server/k8s/json-lines";
import { percentile, startLiveHarness } from "./live-harness";
import { BENCH_NAMESPACE, benchConnection } from "./scale-pods";

const [VIEWERS = 100, RATE = 100, SECONDS = 15] = process.argv.slice(2).map(Number);
const PATCHED_PODS = 100;
const VIEWER_PROCESSES = 2;
const LABEL = "bench-seq";

type PodList = { items: KubeObject[]; metadata: { resourceVersion: string } };

async function main() {
  const connection = await benchConnection();
  const podsPath = `/api/v1/namespaces/${BENCH_NAMESPACE}/pods`;
  const initial = (
    await requestJson<PodList>({ ...connection, path: `${podsPath}?limit=${PATCHED_PODS}`, maxBytes: 64 << 20 })
  ).body;
  const pods = initial.items.map((item) => (item.metadata as { name: string }).name);
  if (pods.length < PATCHED_PODS)
    throw new Error(`bench-pods holds ${pods.length} pods; run bench/scale-pods.ts 1000 first`);

  const harness = await startLiveHarness({ members: 10 });
  const request = { clusterId: harness.clusterId, resource: "pods", namespace: BENCH_NAMESPACE };
  const perProcess = Math.ceil(VIEWERS / VIEWER_PROCESSES);
  const groups = await Promise.all(
    Array.from({ length: VIEWER_PROCESSES }, () =>
      startViewers({
        url: harness.url,
        origin: harness.origin,
        sessions: harness.sessions,
        count: perProcess,
        request,
        label: LABEL,
      }),
    ),
  );
  console.log(
    `B3: ${perProcess * VIEWER_PROCESSES} viewers in ${VIEWER_PROCESSES} processes subscribed to ${BENCH_NAMESPACE} pods (${groups[0]!.rows} rows each)`,
  );

  const sentAt = new Map<number, number>();
  const directLatency = new Map<number, number>();
  const direct = await watchDirectly(connection, podsPath, initial.metadata.resourceVersion, (seq, now) => {
    // now: epoch ms, comparable with the viewer processes' clocks
    const sent = sentAt.get(seq);
    if (sent !== undefined && !directLatency.has(seq)) directLatency.set(seq, now - sent);
  });

  const total = RATE * SECONDS;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let seq = 1; seq <= total; seq++) {
    const due = started + ((seq - 1) * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const pod = pods[(seq - 1) % pods.length]!;
    sentAt.set(seq, epochNow());
    const patch = requestJson({
      ...connection,
      method: "PATCH",
      path: `${podsPath}/${pod}`,
      body: { metadata: { labels: { [LABEL]: String(seq) } } },
    }).then(() => undefined);
    inFlight.add(patch);
    void patch.finally(() => inFlight.delete(patch));
    if (inFlight.size >= 32) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  direct.stop();
  const results = await Promise.all(groups.map((group) => group.finish()));

  // Per event: each viewer's receipt minus the send time, and minus the direct watch's receipt.
  const socketLatency: number[] = [];
  const added: number[] = [];
  for (const { receipts } of results) {
    for (const [seqText, times] of Object.entries(receipts)) {
      const seq = Number(seqText);
      const sent = sentAt.get(seq);
      const baseline = directLatency.get(seq);
      if (sent === undefined) continue;
      for (const time of times) {
        socketLatency.push(time - sent);
        if (baseline !== undefined) added.push(time - sent - baseline);
      }
    }
  }
  const finalList = (await requestJson<PodList>({ ...connection, path: podsPath, maxBytes: 256 << 20 })).body;
  const truth = new Map(
    finalList.items.map((item) => {
      const metadata = item.metadata as { uid: string; resourceVersion: string };
      return [metadata.uid, metadata.resourceVersion];
    }),
  );
  const finals = results.flatMap((result) => result.finals);
  const equal = finals.filter(
    (rows) =>
      Object.keys(rows).length === truth.size &&
      Object.entries(rows).every(([uid, version]) => truth.get(uid) === version),
  ).length;
  const viewers = finals;

  const fmt = (values: number[], p: number) => percentile(values, p).toFixed(1);
  const directValues = [...directLatency.values()];
  console.log(
    `patched ${total} times in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(0)}/s, ${pods.length} pods round robin)`,
  );
  console.log(
    `direct watch       latency p50 ${fmt(directValues, 50)} ms  p99 ${fmt(directValues, 99)} ms  (${directValues.length} events)`,
  );
  console.log(
    `socket viewers     latency p50 ${fmt(socketLatency, 50)} ms  p99 ${fmt(socketLatency, 99)} ms  (${socketLatency.length} deliveries)`,
  );
  console.log(`added by Pilothouse        p50 ${fmt(added, 50)} ms  p99 ${fmt(added, 99)} ms`);
  console.log(`final rows equal to the cluster's: ${equal}/${viewers.length} viewers`);
  console.log(
    `B3 summary: ${viewers.length} viewers, ${(total / elapsed).toFixed(0)} events/s: added p50 ${fmt(added, 50)} ms / p99 ${fmt(added, 99)} ms (targets ≤ 20 / ≤ 100); final state equal ${equal}/${viewers.length}`,
  );
  await harness.stop();
}

/** Milliseconds since the epoch with sub-millisecond resolution; the same clock in every process of the machine. */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

type ViewerInput = { url: string; origin: string; sessions: string[]; count: number; request: object; label: string };
type ViewerResult = { receipts: Record<string, number[]>; finals: Record<string, string>[] };

/** A child process of viewers (b3-viewers.ts); resolves once they all hold their snapshot. */
async function startViewers(input: ViewerInput) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "b3-viewers.ts")], {
    env: { ...process.env, B3_VIEWERS: JSON.stringify(input) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      child.once("exit", (code) => reject(new Error(`viewer process exited with ${code}`)));
    });
  const ready = JSON.parse(await next()) as { rows: number };
  return {
    rows: ready.rows,
    async finish(): Promise<ViewerResult> {
      const result = next();
      child.stdin.write("stop\n");
      return JSON.parse(await result) as ViewerResult;
    },
  };
}

/** A plain watch of the apiserver from `resourceVersion`, reporting each event's label and receive time. */
async function watchDirectly(
  connection: Awaited<ReturnType<typeof benchConnection>>,
  path: string,
  resourceVersion: string,
  onEvent: (seq: number, now: number) => void,
) {
  const response = await openStream({
    ...connection,
    path: `${path}?watch=1&resourceVersion=${resourceVersion}&timeoutSeconds=600`,
    inactivityMs: 700_000,
  });
  let stopped = false;
  void (async () => {
    for await (const line of readLines(response.stream, 4 << 20)) {
      if (stopped) break;
      const now = epochNow();
      const event = JSON.parse(line.toString("utf8")) as {
        object?: { metadata?: { labels?: Record<string, string> } };
      };
      const seq = Number(event.object?.metadata?.labels?.[LABEL]);
      if (Number.isFinite(seq)) onEvent(seq, now);
    }
  })().catch(() => undefined);
  return {
    stop() {
      stopped = true;
      response.stream.destroy();
    },
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
