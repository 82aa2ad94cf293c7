/**
 * Why a rollout does not progress, named from what the detail page already has live: the workload,
 * its pods (rows), their ReplicaSets and their events. Pure, no I/O (docs/resource-views.md,
 * "Rollout diagnosis"). A healthy or normally progressing rollout has no diagnosis.
 */
import { asNumber, asRecord, asRecords, asString, findCondition } from "./cells";
import type { KubeObject, ResourceRow } from "./types";
import { generationObserved } from "./workload-status";

export type RolloutProgress = { desired: number; updated: number; ready: number; available: number };

export type RolloutCause =
  "paused" | "image-pull" | "crash-loop" | "unschedulable" | "container-error" | "slow-start" | "deadline-exceeded";

export type RolloutDiagnosis = {
  cause: RolloutCause;
  /** One line an on-call reader takes in at a glance: "3 pods cannot pull image registry.invalid/x:1". */
  summary: string;
  /** The cluster's own words: the kubelet's, the scheduler's or the controller's message. */
  detail?: string;
  /** The pods the cause was read from (new revision only), by name. */
  pods: string[];
  /** The Deployment's progress deadline has passed (ProgressDeadlineExceeded). */
  deadlineExceeded: boolean;
};

/** A pod still creating or pending after this long is named as a cause (image pulls of a few GB fit). */
export const SLOW_START_MS = 5 * 60_000;

const IMAGE_PULL = /^(Init:)?(ImagePullBackOff|ErrImagePull|ErrImageNeverPull|InvalidImageName)$/;
const CRASH_LOOP = /^(Init:)?CrashLoopBackOff$/;
const CONTAINER_ERROR =
  /^(Init:)?(CreateContainerConfigError|CreateContainerError|RunContainerError|StartError|PreStartHookError|PostStartHookError)$/;
const STARTING = new Set(["Pending", "ContainerCreating", "PodInitializing"]);

/** Desired, updated, ready and available the way each workload kind reports them. */
export function rolloutOf(kind: string, object: KubeObject): RolloutProgress | undefined {
  const spec = asRecord(object.spec);
  const status = asRecord(object.status);
  const count = (value: unknown) => asNumber(value) ?? 0;
  if (kind === "DaemonSet") {
    return {
      desired: count(status.desiredNumberScheduled),
      updated: count(status.updatedNumberScheduled),
      ready: count(status.numberReady),
      available: count(status.numberAvailable),
    };
  }
  if (kind === "Deployment" || kind === "StatefulSet" || kind === "ReplicaSet") {
    return {
      desired: asNumber(spec.replicas) ?? 1,
      updated: kind === "ReplicaSet" ? count(status.replicas) : count(status.updatedReplicas),
      ready: count(status.readyReplicas),
      // StatefulSets on older clusters do not report availableReplicas: ready is the best they say.
      available: asNumber(status.availableReplicas) ?? count(status.readyReplicas),
    };
  }
  return undefined;
}

/**
 * The pods of the revision being rolled out: a Deployment's are owned by its ReplicaSet with the
 * highest revision, a StatefulSet's carry its updateRevision hash. Old pods still serving are not
 * the cause of a stuck rollout. A DaemonSet names no revision in its status: all its pods count.
 */
export function newRevisionPods(
  kind: string,
  workload: KubeObject,
  pods: readonly ResourceRow[],
  replicaSets: readonly ResourceRow[] = [],
): ResourceRow[] {
  if (kind === "Deployment") {
    const owned = replicaSets.filter((set) => set.owner?.uid === workload.metadata?.uid);
    const newest = owned.reduce<ResourceRow | undefined>(
      (best, set) => (!best || Number(set.cells.revision) > Number(best.cells.revision) ? set : best),
      undefined,
    );
    return newest ? pods.filter((pod) => pod.owner?.uid === newest.uid) : [];
  }
  if (kind === "StatefulSet") {
    const revision = asString(asRecord(workload.status).updateRevision);
    return revision ? pods.filter((pod) => pod.labels?.["controller-revision-hash"] === revision) : [...pods];
  }
  return [...pods];
}

type Input = {
  kind: string;
  workload: KubeObject;
  /** The new revision's pods (newRevisionPods). */
  pods: readonly ResourceRow[];
  /** Events about those pods (any order); matched to pods by the involved object's uid. */
  events: readonly ResourceRow[];
  now: number;
};

/** Why the rollout is not progressing, or undefined when it is complete or progressing normally. */
export function diagnoseRollout({ kind, workload, pods, events, now }: Input): RolloutDiagnosis | undefined {
  const progress = rolloutOf(kind, workload);
  if (!progress || isComplete(workload, progress)) return undefined;
  const deadline = findCondition(workload.status, "Progressing");
  const deadlineExceeded = deadline?.status === "False" && deadline.reason === "ProgressDeadlineExceeded";
  const fromPods = diagnosePods(workload, pods, events, now);
  if (fromPods) return { ...fromPods, deadlineExceeded };
  if (asRecord(workload.spec).paused === true) {
    return {
      cause: "paused",
      summary: `Rollout paused at ${progress.updated}/${progress.desired} updated`,
      detail: "Resume the rollout to continue.",
      pods: [],
      deadlineExceeded: false,
    };
  }
  if (deadlineExceeded) {
    return {
      cause: "deadline-exceeded",
      summary: "Progress deadline exceeded",
      ...(deadline.message && { detail: deadline.message }),
      pods: [],
      deadlineExceeded,
    };
  }
  return undefined;
}

function isComplete(workload: KubeObject, { desired, updated, ready, available }: RolloutProgress): boolean {
  return generationObserved(workload) && updated >= desired && ready >= desired && available >= desired;
}

type PodCause = Omit<RolloutDiagnosis, "deadlineExceeded">;

/** The most telling cause among the pods: a failure beats a wait, and the cause most pods share wins. */
function diagnosePods(
  workload: KubeObject,
  pods: readonly ResourceRow[],
  events: readonly ResourceRow[],
  now: number,
): PodCause | undefined {
  const statusOf = (pod: ResourceRow) => String(pod.cells.status ?? "");
  const matching = (test: (pod: ResourceRow) => boolean) => pods.filter(test);
  const pulling = matching((pod) => IMAGE_PULL.test(statusOf(pod)));
  if (pulling.length > 0) return imagePull(workload, pulling, events);
  const crashing = matching((pod) => CRASH_LOOP.test(statusOf(pod)) || restartsAfterFailing(pod));
  if (crashing.length > 0) return crashLoop(workload, crashing, events);
  const failing = matching((pod) => CONTAINER_ERROR.test(statusOf(pod)));
  if (failing.length > 0) {
    const first = failing[0]!;
    return cause("container-error", failing, `${podCount(failing)} cannot start: ${statusOf(first)}`, messageOf(first));
  }
  const unscheduled = matching((pod) => statusOf(pod) === "Pending" && !pod.cells.node);
  const scheduling = latestEvent(events, unscheduled, (reason) => reason === "FailedScheduling");
  if (unscheduled.length > 0 && (scheduling || messageOf(unscheduled[0]!))) {
    return cause(
      "unschedulable",
      unscheduled,
      `${podCount(unscheduled)} cannot be scheduled`,
      messageOf(unscheduled[0]!) ?? scheduling,
    );
  }
  const slow = matching((pod) => STARTING.has(statusOf(pod)) && now - Date.parse(pod.createdAt ?? "") > SLOW_START_MS);
  if (slow.length > 0) {
    const minutes = Math.floor((now - Math.min(...slow.map((pod) => Date.parse(pod.createdAt ?? "")))) / 60_000);
    const warning = latestEvent(events, slow, (_, type) => type === "Warning");
    return cause("slow-start", slow, `${podCount(slow)} ${statusOf(slow[0]!)} for ${minutes}m`, warning);
  }
  return undefined;
}

function imagePull(workload: KubeObject, pods: ResourceRow[], events: readonly ResourceRow[]): PodCause {
  const first = pods[0]!;
  const image = containerOf(workload, first)?.image ?? "its image";
  // The kubelet's pull error ("rpc error: … not found") is in the Failed event; the pod only says "Back-off".
  const kubelet = latestEvent(
    events,
    pods,
    (reason, _, message) => reason === "Failed" && /pull(ing)? image/i.test(message),
  );
  const detail = kubelet ?? messageOf(first);
  return cause(
    "image-pull",
    pods,
    `${podCount(pods)} cannot pull image ${image}`,
    `${String(first.cells.status)}: ${detail ?? ""}`.trim(),
  );
}

function crashLoop(workload: KubeObject, pods: ResourceRow[], events: readonly ResourceRow[]): PodCause {
  const first = pods[0]!;
  const container = containerOf(workload, first)?.name;
  const exitCode = asNumber(first.cells.lastExitCode);
  const termination = asString(first.cells.lastRestartReason);
  const exit =
    exitCode === undefined ? "keeps exiting" : `exited with code ${exitCode}${termination ? ` (${termination})` : ""}`;
  const who = container ? `container ${container}` : "a container";
  const backOff = latestEvent(events, pods, (reason) => reason === "BackOff");
  return cause("crash-loop", pods, `${podCount(pods)} crash-looping: ${who} ${exit}`, backOff ?? messageOf(first));
}

/**
 * The pod's failing container as the workload's template declares it (init containers first, as
 * the pod row counts them): the new revision's pods are made from this template.
 */
function containerOf(workload: KubeObject, pod: ResourceRow): { name?: string; image?: string } | undefined {
  const index = asNumber(pod.cells.failing);
  if (index === undefined) return undefined;
  const template = asRecord(asRecord(asRecord(workload.spec).template).spec);
  return [...asRecords(template.initContainers), ...asRecords(template.containers)]
    .map((container) => ({ name: asString(container.name), image: asString(container.image) }))
    .at(index);
}

/** Between back-offs a crash-looping container runs for a moment: its failed exits still say it crashes. */
function restartsAfterFailing(pod: ResourceRow): boolean {
  const exitCode = asNumber(pod.cells.lastExitCode);
  return Number(pod.cells.restarts) > 0 && exitCode !== undefined && exitCode !== 0 && pod.status.tone !== "ok";
}

function cause(
  kind: RolloutCause,
  pods: readonly ResourceRow[],
  summary: string,
  detail: string | undefined,
): PodCause {
  return { cause: kind, summary, ...(detail && { detail }), pods: pods.map((pod) => pod.name) };
}

function podCount(pods: readonly ResourceRow[]): string {
  return pods.length === 1 ? "1 pod" : `${pods.length} pods`;
}

function messageOf(pod: ResourceRow): string | undefined {
  return asString(pod.cells.message) || undefined;
}

/** The message of the most recent event about one of these pods that passes `test`. */
function latestEvent(
  events: readonly ResourceRow[],
  pods: readonly ResourceRow[],
  test: (reason: string, type: string, message: string) => boolean,
): string | undefined {
  const uids = new Set(pods.map((pod) => pod.uid));
  let latest: { at: number; message: string } | undefined;
  for (const event of events) {
    const message = String(event.cells.message ?? "");
    if (!uids.has(String(event.cells.objectUid))) continue;
    if (!test(String(event.cells.reason ?? ""), String(event.cells.type ?? ""), message)) continue;
    const at = Date.parse(String(event.cells.lastSeen ?? "")) || 0;
    if (!latest || at > latest.at) latest = { at, message };
  }
  return latest?.message || undefined;
}
