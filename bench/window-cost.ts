/**
 * What one recomputation of a windowed subscription costs (docs/realtime.md, "Windows"): a room
 * recomputes its window at most every 50 ms while its view changes, over every cached row. Rows
 * are projected by the real pod kind from pod objects shaped like the bench pods (10k by default),
 * a fifth of them failing; timed windows at the top, the middle and the end of the list, with a
 * text filter and a column sort.
 *
 *   npx tsx bench/window-cost.ts 10000
 */
import { pod } from "../lib/resources/kinds/pod";
import { projectRow } from "../lib/resources/project";
import type { ResourceRow } from "../lib/resources/types";
import { queryWindow } from "../lib/server/k8s/row-query";
import { percentile } from "./live-harness";

const COUNT = Number(process.argv[2] ?? 10_000);
const ROUNDS = 200;

function podObject(index: number) {
  const name = `web-${index % 50}-${index.toString(36).padStart(5, "0")}`;
  const failing = index % 5 === 0;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: `team-${index % 20}`,
      uid: `00000000-0000-0000-0000-${String(index).padStart(12, "0")}`,
      resourceVersion: String(1000 + index),
      creationTimestamp: new Date(Date.now() - index * 60_000).toISOString(),
      labels: { app: `web-${index % 50}`, shard: `shard-${index % 20}` },
    },
    spec: { nodeName: `node-${index % 30}`, containers: [{ name: "app", image: "nginx:1.21.6" }] },
    status: {
      phase: "Running",
      podIP: `10.0.${Math.floor(index / 250)}.${index % 250}`,
      containerStatuses: [
        {
          name: "app",
          ready: !failing,
          restartCount: failing ? index % 17 : 0,
          state: failing
            ? { waiting: { reason: "CrashLoopBackOff" } }
            : { running: { startedAt: "2026-01-01T00:00:00Z" } },
        },
      ],
    },
  };
}

function columnOf(id: string) {
  const found = pod.columns.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no column ${id}`);
  return found;
}

const entries: { row: ResourceRow }[] = Array.from({ length: COUNT }, (_, index) => ({
  row: projectRow(pod, podObject(index)),
}));
const cases = [
  {
    label: "top, sorted by name",
    query: { sort: { id: "name", value: columnOf("name").value, direction: "asc" as const }, offset: 0, limit: 50 },
  },
  {
    label: "middle, sorted by restarts desc",
    query: {
      sort: { id: "restarts", value: columnOf("restarts").value, direction: "desc" as const },
      offset: Math.floor(COUNT / 2),
      limit: 50,
    },
  },
  {
    label: "end, sorted by age",
    query: {
      sort: { id: "age", value: columnOf("age").value, direction: "asc" as const },
      offset: COUNT - 50,
      limit: 50,
    },
  },
  { label: "filtered 'crash', top", query: { filter: "crash", offset: 0, limit: 50 } },
];
console.log(`window over ${COUNT} pod rows, ${ROUNDS} rounds each`);
const summary: string[] = [];
for (const { label, query } of cases) {
  const times: number[] = [];
  let total = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    total = queryWindow(entries, query).total;
    times.push(performance.now() - started);
  }
  console.log(
    `${label.padEnd(34)} p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  (total ${total})`,
  );
  summary.push(`${label} p50 ${percentile(times, 50).toFixed(1)} ms`);
}
console.log(`window-cost summary (${COUNT} rows): ${summary.join("; ")}`);
