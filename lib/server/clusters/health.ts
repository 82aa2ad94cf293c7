import type { ClusterHealth } from "@/lib/wire/clusters";
import { AppError } from "@/lib/errors";
import { getDb } from "../db/client";
import { log } from "../logger";
import { emitToOrg } from "../realtime/server";
import { getClusterConnection } from "./clients";
import { callCluster } from "../k8s/request";

export type { ClusterHealth } from "@/lib/wire/clusters";

type State = ClusterHealth & { failures: number; retryAt: number; inFlight: boolean };

const CHECK_INTERVAL_MS = 15_000;
const CHECK_TIMEOUT_MS = 5_000;
const FAILURES_TO_OPEN = 3;
const MAX_BACKOFF_MS = 5 * 60_000;

const globalForHealth = globalThis as unknown as {
  pilothouseClusterHealth?: Map<string, State>;
  pilothouseHealthTimer?: NodeJS.Timeout;
};
const states: Map<string, State> = (globalForHealth.pilothouseClusterHealth ??= new Map());

const UNKNOWN: ClusterHealth = {
  status: "unknown",
  version: null,
  latencyMs: null,
  lastError: null,
  checkedAt: null,
  nodeCount: null,
  podCount: null,
  circuit: "closed",
};

export function getClusterHealth(clusterId: string): ClusterHealth {
  const state = states.get(clusterId);
  if (!state) return UNKNOWN;
  const { failures: _failures, retryAt: _retryAt, inFlight: _inFlight, ...health } = state;
  return health;
}

/**
 * A background checker for every registered cluster. Each check runs on its own with a short
 * deadline; a cluster that hangs is skipped while its check is in flight and, after repeated
 * failures, its circuit opens with backoff — so it never delays the others or the event loop.
 */
export function startHealthMonitor(intervalMs = CHECK_INTERVAL_MS) {
  stopHealthMonitor();
  const tick = () =>
    void checkAllClusters().catch((error: unknown) => log.warn("health sweep failed", { error: String(error) }));
  globalForHealth.pilothouseHealthTimer = setInterval(tick, intervalMs);
  globalForHealth.pilothouseHealthTimer.unref();
  tick();
}

export function stopHealthMonitor() {
  clearInterval(globalForHealth.pilothouseHealthTimer);
  globalForHealth.pilothouseHealthTimer = undefined;
}

export async function checkAllClusters() {
  const clusters = await getDb().cluster.findMany();
  const now = Date.now();
  for (const id of states.keys()) if (!clusters.some((cluster) => cluster.id === id)) states.delete(id);
  for (const cluster of clusters) {
    const state = states.get(cluster.id);
    if (state?.inFlight || (state && state.retryAt > now)) continue;
    void checkCluster(cluster);
  }
}

type CheckableCluster = Parameters<typeof getClusterConnection>[0];

export async function checkCluster(cluster: CheckableCluster): Promise<ClusterHealth> {
  const previous = states.get(cluster.id) ?? { ...UNKNOWN, failures: 0, retryAt: 0, inFlight: false };
  states.set(cluster.id, { ...previous, inFlight: true });
  const next = await probeHealth(cluster).then(
    (result) => ({ ...result, failures: 0, retryAt: 0 }),
    (error: unknown) => failed(previous, error),
  );
  states.set(cluster.id, { ...next, inFlight: false });
  if (next.status !== previous.status || next.version !== previous.version || next.circuit !== previous.circuit) {
    emitToOrg(cluster.orgId, "cluster:health", {
      clusterId: cluster.id,
      health: getClusterHealth(cluster.id),
    });
  }
  return getClusterHealth(cluster.id);
}

async function probeHealth(cluster: CheckableCluster): Promise<ClusterHealth> {
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
    circuit: "closed",
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

function failed(previous: State, error: unknown): State {
  const failures = previous.failures + 1;
  const open = failures >= FAILURES_TO_OPEN;
  const backoff = Math.min(CHECK_INTERVAL_MS * 2 ** (failures - FAILURES_TO_OPEN), MAX_BACKOFF_MS);
  return {
    ...previous,
    status: "unreachable",
    latencyMs: null,
    lastError: error instanceof AppError ? error.message : "The cluster could not be checked.",
    checkedAt: new Date().toISOString(),
    circuit: open ? "open" : "closed",
    failures,
    retryAt: open ? Date.now() + backoff : 0,
    inFlight: false,
  };
}
