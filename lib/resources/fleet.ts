/**
 * The fleet home's per-cluster figures (docs/resource-views.md, Fleet home), counted on the
 * server from the watch hub's cached rows. Isomorphic: the counting is pure, so it is tested
 * without a cluster. A figure the member may not see, or that did not arrive in time, is null.
 */
import type { WatchState } from "@/lib/realtime/contract";
import type { ResourceRow } from "./types";
import { isAlarming } from "./list-view";

export const POD_PHASES = ["Running", "Pending", "Succeeded", "Failed", "Unknown"] as const;
export type PodPhase = (typeof POD_PHASES)[number];

/**
 * One cluster's own truth on the fleet home: its upstreams' freshness ("connecting" while they
 * have not listed yet), or "unreachable" when its health check fails (then it is not counted;
 * `since` and `reason` are the check's).
 */
export type ClusterFreshness = {
  state: "connecting" | WatchState | "unreachable";
  /** ISO time the state began; null when unknown (nothing read, or never checked). */
  since: string | null;
  reason?: string;
};

export type ClusterFigures = {
  clusterId: string;
  freshness: ClusterFreshness;
  nodes: { ready: number; total: number } | null;
  pods: Record<PodPhase, number> | null;
  /** Pods whose status is alarming (CrashLoopBackOff, ImagePullBackOff…), whatever their phase. */
  failingPods: number | null;
  workloads: { degraded: number; total: number } | null;
  /** Warning events seen in the last hour. */
  warnings: number | null;
};

/**
 * What one fleet card says of its cluster: while the socket itself is not live its figures are
 * old, so the socket's state; a failing health check (heard live, newer than the figures) is
 * "unreachable"; else the cluster's own upstreams' truth from the pushed figures.
 */
export function cardFreshness(
  connection: { state: "connecting" | "live" | "reconnecting"; since: string },
  pushed: ClusterFreshness | undefined,
  health: { status: string; checkedAt: string | null; lastError: string | null },
): ClusterFreshness {
  if (connection.state !== "live") return { state: connection.state, since: connection.since };
  if (health.status === "unreachable") {
    return { state: "unreachable", since: health.checkedAt, ...(health.lastError && { reason: health.lastError }) };
  }
  return pushed ?? { state: "connecting", since: null };
}

export function countNodes(rows: readonly ResourceRow[]): ClusterFigures["nodes"] {
  return { ready: rows.filter((row) => row.status.label.split(",")[0] === "Ready").length, total: rows.length };
}

export function countPods(rows: readonly ResourceRow[]): Record<PodPhase, number> {
  const counts: Record<PodPhase, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0, Unknown: 0 };
  for (const row of rows) {
    const phase = row.cells.phase;
    counts[POD_PHASES.includes(phase as PodPhase) ? (phase as PodPhase) : "Unknown"] += 1;
  }
  return counts;
}

export function countFailing(rows: readonly ResourceRow[]): number {
  return rows.filter((row) => isAlarming(row.status.tone)).length;
}

export function countWarnings(rows: readonly ResourceRow[], now: number, windowMs = 3_600_000): number {
  return rows.filter((row) => {
    if (row.cells.type !== "Warning") return false;
    const seen = typeof row.cells.lastSeen === "string" ? Date.parse(row.cells.lastSeen) : NaN;
    return !Number.isNaN(seen) && now - seen <= windowMs;
  }).length;
}
