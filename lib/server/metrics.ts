import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (served at /metrics): one registry on globalThis, so the
 * custom server and Next's bundles count into the same series. Labels hold cluster ids and
 * resource names only, never names of objects or people, which keeps cardinality bounded.
 */
export type Metrics = {
  registry: Registry;
  /** Upstream list+watch loops running now. */
  upstreamWatches: Gauge<"cluster" | "resource">;
  /** Viewers holding a watch (acquired handles). */
  watchSubscribers: Gauge;
  /** in: events read from clusters; out: deltas handed to rooms. */
  watchEvents: Counter<"direction">;
  watchRelists: Counter<"cluster" | "resource">;
  clusterRequestDuration: Histogram<"cluster" | "verb">;
  /** Upstream container log streams open now (lib/server/logs/log-hub.ts). */
  upstreamLogStreams: Gauge<"cluster">;
  /** in: log lines read from clusters; out: lines handed to rooms (once per room listener). */
  logLines: Counter<"direction">;
};

const globalForMetrics = globalThis as unknown as { pilothouseMetrics?: Metrics };

export function getMetrics(): Metrics {
  return (globalForMetrics.pilothouseMetrics ??= createMetrics());
}

/** The text exposition format, for the /metrics route. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry } = getMetrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    upstreamWatches: new Gauge({
      name: "pilothouse_upstream_watches",
      help: "Upstream list+watch loops, one per distinct view of a cluster resource",
      labelNames: ["cluster", "resource"],
      registers,
    }),
    watchSubscribers: new Gauge({
      name: "pilothouse_watch_subscribers",
      help: "Viewers subscribed to a watch",
      registers,
    }),
    watchEvents: new Counter({
      name: "pilothouse_watch_events_total",
      help: "Watch events read from clusters (in) and deltas delivered to rooms (out)",
      labelNames: ["direction"],
      registers,
    }),
    watchRelists: new Counter({
      name: "pilothouse_watch_relists_total",
      help: "Full relists after the first list (410 Gone, reconnects that missed history, recovery)",
      labelNames: ["cluster", "resource"],
      registers,
    }),
    clusterRequestDuration: new Histogram({
      name: "pilothouse_cluster_request_duration_seconds",
      help: "Duration of requests to clusters: list pages and object reads",
      labelNames: ["cluster", "verb"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    upstreamLogStreams: new Gauge({
      name: "pilothouse_upstream_log_streams",
      help: "Upstream container log streams, one per distinct log view of a container",
      labelNames: ["cluster"],
      registers,
    }),
    logLines: new Counter({
      name: "pilothouse_log_lines_total",
      help: "Log lines read from clusters (in) and handed to rooms (out)",
      labelNames: ["direction"],
      registers,
    }),
  };
}
