/**
 * The health of a replicated workload (Deployment, StatefulSet, DaemonSet, ReplicaSet) in the
 * words the on-call person needs: Ready, Progressing, Degraded, Paused, Scaled to 0, Rollout
 * stuck. Pure: it reads the cells these kinds share — `desired`, `available` (what serves),
 * `rollingOut` (a new spec not yet fully rolled out), and for Deployments `paused` and `stuck`
 * (the controller's ProgressDeadlineExceeded message).
 */
import { asNumber, asRecord } from "./cells";
import type { KubeObject, ResourceRow, ResourceStatus } from "./types";

/** The controller has acted on the latest spec (status.observedGeneration caught up). */
export function generationObserved(object: KubeObject): boolean {
  const observed = asNumber(asRecord(object.status).observedGeneration) ?? 0;
  return observed >= (asNumber(asRecord(object.metadata).generation) ?? 0);
}

function count(row: Omit<ResourceRow, "status">, id: string): number {
  const value = row.cells[id];
  return typeof value === "number" ? value : 0;
}

/** `idleLabel` names a workload that wants nothing: "Scaled to 0", or "No nodes" for a DaemonSet. */
export function workloadStatus(row: Omit<ResourceRow, "status">, idleLabel = "Scaled to 0"): ResourceStatus {
  const desired = count(row, "desired");
  const available = count(row, "available");
  const rollingOut = row.cells.rollingOut === true;
  const stuck = row.cells.stuck;
  if (row.deleting) return { label: "Terminating", tone: "warn" };
  if (typeof stuck === "string") return { label: "Rollout stuck", tone: "error", reason: stuck };
  if (row.cells.paused === true) return { label: "Paused", tone: "warn", reason: "rollouts are paused" };
  if (desired === 0 && available === 0 && !rollingOut) return { label: idleLabel, tone: "muted" };
  if (rollingOut) return { label: "Progressing", tone: "warn", reason: `${available}/${desired} available` };
  if (available < desired)
    return { label: "Degraded", tone: available === 0 ? "error" : "warn", reason: `${available}/${desired} available` };
  return { label: "Ready", tone: "ok" };
}
