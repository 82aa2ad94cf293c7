import type { ClusterHealth } from "@/lib/wire/clusters";
import { AppError } from "@/lib/errors";
import { createLimiter, type Limiter } from "../concurrency/limiter";
import { getDb } from "../db/client";
import { log } from "../logger";
import { emitToOrg } from "../realtime/server";
import { getClusterConnection } from "./clients";
import { callCluster } from "../k8s/request";
import { CHECK_INTERVAL_MS, scheduleAfterCheck } from "./health-schedule";

export type { ClusterHealth } from "@/lib/wire/clusters";

/**
 * The background health monitor (docs/architecture.md, Reliability). Each cluster has its own
 * schedule (health-schedule.ts): a steady interval while its circuit is closed, a single
 * half-open probe on a short, capped, jittered schedule while it is open. Checks run through one
 * process-wide limiter, so a fleet of hundreds of clusters never opens hundreds of connections at
 * once, and a cluster that hangs holds one slot for at most its deadline while the others keep
 * their own times.
 */

/** Checks running at once, process-wide; the rest wait in a FIFO queue. */
export const MAX_CONCURRENT_CHECKS = 8;
const CHECK_TIMEOUT_MS = 5_000;
/** How often the monitor looks for due checks; a check is at most this late. */
const TICK_MS = 1_000;
/** How long the list of clusters is reused before it is read from the database again. */
const ROSTER_TTL_MS = CHECK_INTERVAL_MS;
/** A bound on the clusters one process monitors; past it the monitor says so in the log. */
const MAX_MONITORED_CLUSTERS = 5_000;
/** "Check now" runs at most once per cluster in this window (in this process). */
export const CHECK_NOW_MIN_GAP_MS = 5_000;

type CheckableCluster = Parameters<typeof getClusterConnection>[0];

type State = Omit<ClusterHealth, "nextCheckAt"> & {
  failures: number;
  /** Epoch ms of the next scheduled check. */
  nextAt: number;
  /** Epoch ms of the last "Check now"; 0 when never. */
  checkedNowAt: number;
};

type Monitor = {
  states: Map<string, State>;
  inFlight: Map<string, Promise<ClusterHealth>>;
  roster: { clusters: CheckableCluster[]; loadedAt: number } | null;
  limiter: Limiter;
  timer?: NodeJS.Timeout;
};

// One monitor per process: server.ts and Next's bundles load this module separately.
const globalForHealth = globalThis as unknown as { pilothouseHealthMonitor?: Monitor };
const monitor: Monitor = (globalForHealth.pilothouseHealthMonitor ??= {
  states: new Map(),
  inFlight: new Map(),
  roster: null,
  limiter: createLimiter(MAX_CONCURRENT_CHECKS),
});

const UNKNOWN: ClusterHealth = {
  status: "unknown",
  version: null,
  latencyMs: null,
  lastError: null,
  checkedAt: null,
  nextCheckAt: null,
  nodeCount: null,
  podCount: null,
  circuit: "closed",
};

export function getClusterHealth(clusterId: string): ClusterHealth {
  const state = monitor.states.get(clusterId);
  return state ? healthOf(state) : UNKNOWN;
}

function healthOf(state: State): ClusterHealth {
  const { failures: _failures, nextAt, checkedNowAt: _checkedNowAt, ...health } = state;
  return { ...health, nextCheckAt: new Date(nextAt).toISOString() };
}

export function startHealthMonitor({ tickMs = TICK_MS }: { tickMs?: number } = {}) {
  stopHealthMonitor();
  const tick = () =>
    void runDueChecks().catch((error: unknown) => log.warn("health sweep failed", { error: String(error) }));
  monitor.timer = setInterval(tick, tickMs);
  monitor.timer.unref();
  tick();
}

export function stopHealthMonitor() {
  clearInterval(monitor.timer);
  monitor.timer = undefined;
}

/** Queue every cluster whose check is due at `now` (the monitor's tick; tests pass a clock). */
export async function runDueChecks(now = Date.now()) {
  for (const cluster of await rosterAt(now)) {
    const state = monitor.states.get(cluster.id);
    if (!state || state.nextAt <= now) void checkInBackground(cluster);
  }
}

/**
 * A sweep right now: every cluster whose circuit is closed, and open ones whose probe is due.
 * An open circuit is left alone until then: that is what keeps a dead cluster from being hammered.
 */
export async function checkAllClusters(now = Date.now()) {
  monitor.roster = null;
  for (const cluster of await rosterAt(now)) {
    const state = monitor.states.get(cluster.id);
    if (!state || state.circuit === "closed" || state.nextAt <= now) void checkInBackground(cluster);
  }
}

/** The cluster list changed (added, rotated, deleted): read it again on the next tick. */
export function noteClustersChanged(deletedId?: string) {
  monitor.roster = null;
  if (deletedId) monitor.states.delete(deletedId);
}

/** Running and waiting checks, for tests and metrics. */
export function healthCheckStats() {
  return monitor.limiter.stats();
}

async function rosterAt(now: number): Promise<CheckableCluster[]> {
  if (monitor.roster && now - monitor.roster.loadedAt < ROSTER_TTL_MS) return monitor.roster.clusters;
  const clusters = await getDb().cluster.findMany({ orderBy: { createdAt: "asc" }, take: MAX_MONITORED_CLUSTERS });
  if (clusters.length === MAX_MONITORED_CLUSTERS)
    log.warn("health monitor: cluster limit reached; clusters past it are not checked", {
      limit: MAX_MONITORED_CLUSTERS,
    });
  const ids = new Set(clusters.map((cluster) => cluster.id));
  for (const id of monitor.states.keys()) if (!ids.has(id)) monitor.states.delete(id);
  monitor.roster = { clusters, loadedAt: now };
  return clusters;
}

function checkInBackground(cluster: CheckableCluster) {
  return checkCluster(cluster).catch((error: unknown) =>
    log.warn("health check failed to run", { clusterId: cluster.id, error: String(error) }),
  );
}

/**
 * Check one cluster now (through the shared limiter). A check already running for it is joined,
 * not repeated: while a circuit is open that single check is the half-open probe.
 */
export function checkCluster(cluster: CheckableCluster, { urgent = false } = {}): Promise<ClusterHealth> {
  const running = monitor.inFlight.get(cluster.id);
  if (running) return running;
  const check = monitor.limiter
    .run(() => checkAndRecord(cluster), { urgent })
    .finally(() => monitor.inFlight.delete(cluster.id));
  monitor.inFlight.set(cluster.id, check);
  return check;
}

/**
 * "Check now", asked by a person. Allowed once per cluster per CHECK_NOW_MIN_GAP_MS (a click
 * storm must not become a probe storm against a struggling cluster); it goes to the front of the
 * queue and, when the circuit is open, is the half-open probe.
 */
export async function checkClusterNow(cluster: CheckableCluster, now = Date.now()): Promise<ClusterHealth> {
  const state = monitor.states.get(cluster.id);
  const wait = state ? state.checkedNowAt + CHECK_NOW_MIN_GAP_MS - now : 0;
  if (wait > 0 && !monitor.inFlight.has(cluster.id)) {
    throw new AppError(
      "RATE_LIMITED",
      `This cluster was checked a moment ago. Try again in ${Math.ceil(wait / 1000)} s.`,
    );
  }
  if (state) state.checkedNowAt = now;
  // The clicker's page gets the answer; other pages get the usual push if anything changed.
  return checkCluster(cluster, { urgent: true });
}

async function checkAndRecord(cluster: CheckableCluster): Promise<ClusterHealth> {
  const previous = monitor.states.get(cluster.id);
  const outcome = await probeHealth(cluster).then(
    (health) => ({ ok: true as const, health }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const failures = outcome.ok ? 0 : (previous?.failures ?? 0) + 1;
  // One clock reading for "checked at" and the schedule, so the page's "next check in …" is exact.
  const now = Date.now();
  const checkedAt = new Date(now).toISOString();
  const schedule = scheduleAfterCheck({ failures, now, random: Math.random() });
  const base = previous ?? { ...UNKNOWN, failures: 0, nextAt: 0, checkedNowAt: 0 };
  const next: State = outcome.ok
    ? { ...base, ...outcome.health, checkedAt, failures, nextAt: schedule.nextCheckAt, circuit: schedule.circuit }
    : {
        ...base,
        status: "unreachable",
        latencyMs: null,
        lastError: outcome.error instanceof AppError ? outcome.error.message : "The cluster could not be checked.",
        checkedAt,
        failures,
        nextAt: schedule.nextCheckAt,
        circuit: schedule.circuit,
      };
  // A cluster deleted while its check ran gets its state back here; the next roster read prunes it.
  monitor.states.set(cluster.id, next);
  if (worthPushing(previous, next)) emitHealth(cluster);
  return healthOf(next);
}

/**
 * Pages hear about what they show: a change of status, version, error or circuit, and every
 * probe while the circuit is open (its "next check in …" moved). A healthy cluster's routine
 * checks are not pushed.
 */
function worthPushing(previous: State | undefined, next: State) {
  if (!previous) return true;
  return (
    next.status !== previous.status ||
    next.version !== previous.version ||
    next.lastError !== previous.lastError ||
    next.circuit !== previous.circuit ||
    next.circuit === "open"
  );
}

function emitHealth(cluster: CheckableCluster) {
  emitToOrg(cluster.orgId, "cluster:health", { clusterId: cluster.id, health: getClusterHealth(cluster.id) });
}

type Probed = Omit<ClusterHealth, "nextCheckAt" | "circuit">;

async function probeHealth(cluster: CheckableCluster): Promise<Probed> {
  const connection = await getClusterConnection(cluster);
  const started = performance.now();
  const version = await callCluster<{ gitVersion?: string }>(connection, {
    path: "/version",
    timeoutMs: CHECK_TIMEOUT_MS,
  });
  const latencyMs = Math.round(performance.now() - started);
  const [nodeCount, podCount] = await Promise.all([
    countObjects(connection, "/api/v1/nodes"),
    countObjects(connection, "/api/v1/pods"),
  ]);
  return {
    status: "healthy",
    version: version.gitVersion ?? null,
    latencyMs,
    lastError: null,
    checkedAt: new Date().toISOString(),
    nodeCount,
    podCount,
  };
}

/** One-item list: the count comes from remainingItemCount, without transferring the objects. */
async function countObjects(connection: Awaited<ReturnType<typeof getClusterConnection>>, path: string) {
  try {
    const list = await callCluster<{ items?: unknown[]; metadata?: { remainingItemCount?: number } }>(connection, {
      path: `${path}?limit=1`,
      timeoutMs: CHECK_TIMEOUT_MS,
    });
    return (list.items?.length ?? 0) + (list.metadata?.remainingItemCount ?? 0);
  } catch {
    return null; // the credential may not list these; health does not depend on it
  }
}
