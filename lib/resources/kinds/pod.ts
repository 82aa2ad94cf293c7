import {
  asArray,
  asNumber,
  asRecord,
  asRecords,
  asString,
  capText,
  findCondition,
  MAX_MESSAGE,
  MAX_WORD,
  ratio,
} from "../cells";
import { column } from "../columns";
import { parseQuantity } from "../quantity";
import { defineKind, editAndDelete } from "../define-kind";
import type { CellValue, KubeObject, ResourceRow, ResourceStatus, Tone } from "../types";

type ContainerState = {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; finishedAt?: string };
};
type ContainerStatus = {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
};
type Container = { name?: string; restartPolicy?: string };

/** Pod.status.reason the node controller sets on pods of a node that stopped answering. */
const NODE_UNREACHABLE = "NodeLost";

/**
 * The STATUS column exactly as kubectl computes it (printPod in kubectl's printers, including
 * sidecar init containers and scheduling gates), plus the message that explains it. One function
 * on purpose: it follows kubectl's step by step, so the two can be compared line by line.
 */
export function podStatusText(pod: KubeObject): {
  reason: string;
  message: string | null;
  ready: number;
  total: number;
  restarts: number;
  lastRestartAt: string | null;
} {
  const spec = asRecord(pod.spec);
  const status = asRecord(pod.status);
  const phase = asString(status.phase) ?? "Unknown";
  const initContainers = asRecords<Container>(spec.initContainers);
  const sidecars = new Set(initContainers.filter(isSidecar).map((c) => c.name));
  const total = asArray(spec.containers).length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let lastRestartAt: string | null = null;
  let reason = asString(status.reason) || phase;
  let message = asString(status.message) ?? null;

  if (findCondition(status, "PodScheduled")?.reason === "SchedulingGated") reason = "SchedulingGated";

  let sidecarRestarts = 0;
  let sidecarLastRestartAt: string | null = null;
  let initializing = false;
  const initStatuses = asRecords<ContainerStatus>(status.initContainerStatuses);
  for (const [index, container] of initStatuses.entries()) {
    const count = asNumber(container.restartCount) ?? 0;
    const restartedAt = asString(container.lastState?.terminated?.finishedAt) ?? null;
    restarts += count;
    lastRestartAt = later(lastRestartAt, restartedAt);
    if (sidecars.has(container.name)) {
      sidecarRestarts += count;
      sidecarLastRestartAt = later(sidecarLastRestartAt, restartedAt);
    }
    const { waiting, terminated } = container.state ?? {};
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecars.has(container.name) && container.started === true) {
      if (container.ready === true) ready++;
      continue;
    }
    initializing = true;
    if (terminated) {
      reason = terminated.reason
        ? `Init:${terminated.reason}`
        : terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      message = asString(terminated.message) ?? null;
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
      message = asString(waiting.message) ?? null;
    } else {
      reason = `Init:${index}/${initContainers.length}`;
    }
    break;
  }

  if (!initializing || findCondition(status, "Initialized")?.status === "True") {
    restarts = sidecarRestarts;
    lastRestartAt = sidecarLastRestartAt;
    let hasRunning = false;
    const statuses = asRecords<ContainerStatus>(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += asNumber(container.restartCount) ?? 0;
      lastRestartAt = later(lastRestartAt, asString(container.lastState?.terminated?.finishedAt) ?? null);
      const { waiting, terminated, running } = container.state ?? {};
      if (waiting?.reason) {
        reason = waiting.reason;
        message = asString(waiting.message) ?? null;
      } else if (terminated?.reason) {
        reason = terminated.reason;
        message = asString(terminated.message) ?? null;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
        message = null;
      } else if (container.ready === true && running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      reason = findCondition(status, "Ready")?.status === "True" ? "Running" : "NotReady";
    }
  }

  const deleting = typeof asRecord(pod.metadata).deletionTimestamp === "string";
  if (deleting && asString(status.reason) === NODE_UNREACHABLE) reason = "Unknown";
  else if (deleting && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  // The scheduler says why a pod waits for a node ("0/3 nodes are available: 3 Insufficient cpu.").
  const scheduled = findCondition(status, "PodScheduled");
  if (reason === "Pending" && scheduled?.status === "False") message = asString(scheduled.message) ?? message;

  return { reason, message, ready, total, restarts, lastRestartAt };
}

/** A sidecar: an init container that keeps running (restartPolicy Always, Kubernetes 1.28+). */
function isSidecar(container: Container): boolean {
  return container.restartPolicy === "Always";
}

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** Why the most recent restart happened: the reason of the latest last-terminated container. */
function lastRestartReason(status: Record<string, unknown>): string | null {
  let latest: { at: number; reason: string } | null = null;
  for (const container of [...asArray(status.initContainerStatuses), ...asArray(status.containerStatuses)]) {
    const terminated = asRecord(asRecord(asRecord(container).lastState).terminated);
    const at = Date.parse(asString(terminated.finishedAt) ?? "");
    const reason = asString(terminated.reason) ?? (terminated.exitCode !== undefined ? "Error" : undefined);
    if (reason && !Number.isNaN(at) && (!latest || at > latest.at)) latest = { at, reason };
  }
  return latest ? capText(latest.reason, 32) : null;
}

/**
 * The first container not running well (waiting with a reason, or restarted after an exit) as its
 * index in the pod's init containers then containers, which are the template's, and its last exit
 * code: what a stuck-rollout diagnosis names (lib/resources/rollout-diagnosis.ts). An index, not a
 * name or an image, because the row budget is tight and the template has both.
 */
function failingContainer(object: KubeObject): Record<string, CellValue> {
  const spec = asRecord(object.spec);
  const status = asRecord(object.status);
  const declared = [...asRecords<Container>(spec.initContainers), ...asRecords<Container>(spec.containers)];
  const statuses = [
    ...asRecords<ContainerStatus>(status.initContainerStatuses),
    ...asRecords<ContainerStatus>(status.containerStatuses),
  ];
  const failing = statuses.find(
    ({ state, lastState }) =>
      state?.terminated?.exitCode !== 0 &&
      ((state?.waiting?.reason && state.waiting.reason !== "PodInitializing") || lastState?.terminated),
  );
  const index = declared.findIndex((container) => container.name === failing?.name);
  if (!failing || index < 0) return {};
  return { failing: index, lastExitCode: asNumber(failing.lastState?.terminated?.exitCode) ?? null };
}

/** Reasons that mean the pod (or a container) has failed, not merely that it waits. */
const FAILED_REASONS = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "ErrImageNeverPull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "StartError",
  "PreStartHookError",
  "PostStartHookError",
  "OOMKilled",
  "Error",
  "Evicted",
  "ContainerStatusUnknown",
  "DeadlineExceeded",
  "Failed",
  "Unknown",
  NODE_UNREACHABLE,
]);
const WAITING_REASONS = new Set([
  "Pending",
  "ContainerCreating",
  "PodInitializing",
  "Terminating",
  "NotReady",
  "SchedulingGated",
]);

export function podTone(label: string, phase: CellValue | undefined, ready: CellValue | undefined): Tone {
  if (label === "Completed" || label === "Succeeded") return "muted";
  if (label === "Running") return allReady(ready) ? "ok" : "warn";
  if (FAILED_REASONS.has(label) || phase === "Failed") return "error";
  if (/^(Init:)?(ExitCode|Signal):/.test(label)) return "error";
  if (/^Init:\d+\/\d+$/.test(label) || WAITING_REASONS.has(label)) return "warn";
  if (label.startsWith("Init:")) return "error";
  return "warn";
}

function allReady(ready: CellValue | undefined): boolean {
  const match = typeof ready === "string" ? /^(\d+)\/(\d+)$/.exec(ready) : null;
  return !!match && match[1] === match[2];
}

function podStatus(row: Omit<ResourceRow, "status">): ResourceStatus {
  const label = typeof row.cells.status === "string" ? row.cells.status : "Unknown";
  const tone = podTone(label, row.cells.phase, row.cells.ready);
  const message = typeof row.cells.message === "string" ? row.cells.message : undefined;
  if (label === "Running" && tone === "warn") return { label, tone, reason: `${row.cells.ready} containers ready` };
  return message ? { label, tone, reason: message } : { label, tone };
}

/**
 * What the scheduler reserves for the pod on its node (cores, bytes): the containers' requests
 * summed, or the largest init container's when that is more (init containers run one at a time),
 * plus the pod overhead. The cluster overview adds these up per node.
 */
export function podRequests(spec: Record<string, unknown>): { cpuRequest: number; memoryRequest: number } {
  const requestOf = (container: Record<string, unknown>, resource: string) =>
    parseQuantity(asRecord(asRecord(container.resources).requests)[resource]) ?? 0;
  const total = (resource: string) => {
    const running = asRecords(spec.containers).reduce((sum, container) => sum + requestOf(container, resource), 0);
    const init = asRecords(spec.initContainers).reduce(
      (most, container) => Math.max(most, requestOf(container, resource)),
      0,
    );
    return Math.max(running, init) + (parseQuantity(asRecord(spec.overhead)[resource]) ?? 0);
  };
  return { cpuRequest: total("cpu"), memoryRequest: total("memory") };
}

export const pod = defineKind({
  kind: "Pod",
  plural: "pods",
  category: "workloads",
  columns: [
    column.ratio("ready", "Ready"),
    column.status(),
    column.number("restarts", "Restarts"),
    column.text("lastRestartReason", "Last restart", { secondary: true }),
    column.text("node", "Node", { secondary: true }),
    column.text("ip", "IP", { secondary: true }),
  ],
  // Bounded: counts and a few short strings whatever the number of containers; the message is capped.
  toCells: (object) => {
    const { reason, message, ready, total, restarts, lastRestartAt } = podStatusText(object);
    const status = asRecord(object.status);
    return {
      ready: ratio(ready, total),
      status: capText(reason, MAX_WORD),
      phase: capText(asString(status.phase), 16),
      message: capText(message, MAX_MESSAGE),
      restarts,
      lastRestartAt,
      lastRestartReason: lastRestartReason(status),
      node: capText(asString(asRecord(object.spec).nodeName), MAX_WORD),
      ip: capText(asString(status.podIP), 45),
      ...podRequests(asRecord(object.spec)),
      ...failingContainer(object),
    };
  },
  status: podStatus,
  actions: { ...editAndDelete, logs: "logs.view" },
});
