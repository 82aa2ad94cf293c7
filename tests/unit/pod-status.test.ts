import { describe, expect, it } from "vitest";
import { pod } from "@/lib/resources/kinds/pod";
import { projectRow } from "@/lib/resources/project";
import type { KubeObject } from "@/lib/resources/types";

/**
 * Pod states the seeded test cluster cannot produce (its fake kubelet runs no init containers,
 * kills nothing for memory, loses no node), written by hand in the shape the kubelet reports
 * them. The seeded states are checked against kubectl's own output in kind-status.test.ts.
 */
type State = Record<string, unknown>;
const running: State = { running: { startedAt: "2026-12-01T10:00:00Z" } };
const waiting = (reason: string, message?: string): State => ({ waiting: { reason, ...(message && { message }) } });
const terminated = (reason: string | undefined, exitCode: number, extra: Record<string, unknown> = {}): State => ({
  terminated: { ...(reason && { reason }), exitCode, finishedAt: "2026-12-01T10:05:00Z", ...extra },
});

function makePod(options: {
  phase?: string;
  reason?: string;
  message?: string;
  containers?: { state: State; ready?: boolean; restartCount?: number; lastState?: State }[];
  init?: { state: State; restartPolicy?: string; started?: boolean; ready?: boolean }[];
  conditions?: Record<string, unknown>[];
  deleting?: boolean;
}): KubeObject {
  const containers = options.containers ?? [];
  const init = options.init ?? [];
  return {
    metadata: {
      name: "p",
      namespace: "n",
      uid: "u",
      resourceVersion: "1",
      ...(options.deleting && { deletionTimestamp: "2026-12-01T11:00:00Z" }),
    },
    spec: {
      nodeName: "node-1",
      containers: containers.map((_, index) => ({ name: `c${index}` })),
      initContainers: init.map((container, index) => ({ name: `i${index}`, restartPolicy: container.restartPolicy })),
    },
    status: {
      phase: options.phase ?? "Running",
      ...(options.reason && { reason: options.reason }),
      ...(options.message && { message: options.message }),
      conditions: options.conditions ?? [],
      initContainerStatuses: init.map((container, index) => ({ name: `i${index}`, restartCount: 0, ...container })),
      containerStatuses: containers.map((container, index) => ({
        name: `c${index}`,
        ready: container.ready ?? false,
        restartCount: container.restartCount ?? 0,
        ...container,
      })),
    },
  };
}

function statusOf(object: KubeObject) {
  const row = projectRow(pod, object);
  return { ...row.status, ready: row.cells.ready, restarts: row.cells.restarts };
}

describe("pod status, as kubectl prints it", () => {
  it.each([
    [
      "all containers ready",
      makePod({
        containers: [
          { state: running, ready: true },
          { state: running, ready: true },
        ],
      }),
      { label: "Running", tone: "ok", ready: "2/2" },
    ],
    [
      "running but one container not ready",
      makePod({
        containers: [
          { state: running, ready: true },
          { state: running, ready: false },
        ],
      }),
      { label: "Running", tone: "warn", reason: "1/2 containers ready", ready: "1/2" },
    ],
    [
      "the second of two init containers running",
      makePod({
        phase: "Pending",
        init: [{ state: terminated("Completed", 0) }, { state: running }],
        containers: [{ state: waiting("PodInitializing") }],
      }),
      { label: "Init:1/2", tone: "warn" },
    ],
    [
      "an init container crash-looping",
      makePod({
        phase: "Pending",
        init: [{ state: waiting("CrashLoopBackOff", "back-off 40s restarting failed container") }],
        containers: [{ state: waiting("PodInitializing") }],
      }),
      { label: "Init:CrashLoopBackOff", tone: "error", reason: "back-off 40s restarting failed container" },
    ],
    [
      "an init container that exited 2 without a reason",
      makePod({
        phase: "Pending",
        init: [{ state: terminated(undefined, 2) }],
        containers: [{ state: waiting("PodInitializing") }],
      }),
      { label: "Init:ExitCode:2", tone: "error" },
    ],
    [
      "a sidecar init container that started: the pod runs, and the sidecar counts as a container",
      makePod({
        init: [{ state: running, restartPolicy: "Always", started: true, ready: true }],
        containers: [{ state: running, ready: true }],
        conditions: [{ type: "Initialized", status: "True" }],
      }),
      { label: "Running", tone: "ok", ready: "2/2" },
    ],
    [
      "image pull failing",
      makePod({ phase: "Pending", containers: [{ state: waiting("ErrImagePull", 'failed to pull "x:1"') }] }),
      { label: "ErrImagePull", tone: "error", reason: 'failed to pull "x:1"' },
    ],
    [
      "a missing ConfigMap",
      makePod({
        phase: "Pending",
        containers: [{ state: waiting("CreateContainerConfigError", 'configmap "app" not found') }],
      }),
      { label: "CreateContainerConfigError", tone: "error", reason: 'configmap "app" not found' },
    ],
    [
      "containers being created",
      makePod({ phase: "Pending", containers: [{ state: waiting("ContainerCreating") }] }),
      { label: "ContainerCreating", tone: "warn" },
    ],
    [
      "killed for memory",
      makePod({
        containers: [{ state: terminated("OOMKilled", 137), restartCount: 1, lastState: terminated("OOMKilled", 137) }],
      }),
      { label: "OOMKilled", tone: "error", restarts: 1 },
    ],
    [
      "crash-looping after OOM kills (the waiting reason wins)",
      makePod({
        containers: [{ state: waiting("CrashLoopBackOff"), restartCount: 5, lastState: terminated("OOMKilled", 137) }],
      }),
      { label: "CrashLoopBackOff", tone: "error", restarts: 5 },
    ],
    [
      "a container killed by a signal",
      makePod({ phase: "Failed", containers: [{ state: terminated(undefined, 0, { signal: 9 }) }] }),
      { label: "Signal:9", tone: "error" },
    ],
    [
      "a job pod that finished",
      makePod({ phase: "Succeeded", containers: [{ state: terminated("Completed", 0) }] }),
      { label: "Completed", tone: "muted" },
    ],
    [
      "completed with a container still running and the pod ready",
      makePod({
        containers: [{ state: terminated("Completed", 0) }, { state: running, ready: true }],
        conditions: [{ type: "Ready", status: "True" }],
      }),
      { label: "Running", tone: "warn", reason: "1/2 containers ready" },
    ],
    [
      "completed with a container still running and the pod not ready",
      makePod({ containers: [{ state: terminated("Completed", 0) }, { state: running, ready: true }] }),
      { label: "NotReady", tone: "warn" },
    ],
    [
      "evicted for disk pressure",
      makePod({
        phase: "Failed",
        reason: "Evicted",
        message: "The node was low on resource: ephemeral-storage.",
      }),
      { label: "Evicted", tone: "error", reason: "The node was low on resource: ephemeral-storage." },
    ],
    [
      "pending with the scheduler's explanation",
      makePod({
        phase: "Pending",
        conditions: [
          {
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message: "0/3 nodes are available: 3 Insufficient memory.",
          },
        ],
      }),
      { label: "Pending", tone: "warn", reason: "0/3 nodes are available: 3 Insufficient memory." },
    ],
    [
      "held back by a scheduling gate",
      makePod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] }),
      { label: "SchedulingGated", tone: "warn" },
    ],
    [
      "being deleted",
      makePod({ containers: [{ state: running, ready: true }], deleting: true }),
      { label: "Terminating", tone: "warn" },
    ],
    [
      "being deleted after it already succeeded (stays Completed)",
      makePod({ phase: "Succeeded", containers: [{ state: terminated("Completed", 0) }], deleting: true }),
      { label: "Completed", tone: "muted" },
    ],
    [
      "on a node that stopped answering, being deleted",
      makePod({ reason: "NodeLost", containers: [{ state: running, ready: true }], deleting: true }),
      { label: "Unknown", tone: "error" },
    ],
    [
      "on a lost node (old node controller)",
      makePod({ phase: "Unknown", reason: "NodeLost" }),
      { label: "NodeLost", tone: "error" },
    ],
    [
      "a phase kubectl knows nothing more about",
      makePod({ phase: "Failed", reason: "OutOfcpu", message: "Pod Node didn't have enough resource: cpu" }),
      { label: "OutOfcpu", tone: "error", reason: "Pod Node didn't have enough resource: cpu" },
    ],
  ])("%s", (_name, object, expected) => {
    expect(statusOf(object)).toMatchObject(expected);
  });

  it("counts restarts of every container and names the reason of the latest one", () => {
    const object = makePod({
      containers: [
        {
          state: running,
          ready: true,
          restartCount: 2,
          lastState: { terminated: { reason: "Error", exitCode: 1, finishedAt: "2026-12-01T09:00:00Z" } },
        },
        {
          state: running,
          ready: true,
          restartCount: 1,
          lastState: { terminated: { reason: "OOMKilled", exitCode: 137, finishedAt: "2026-12-01T09:30:00Z" } },
        },
      ],
    });
    const row = projectRow(pod, object);
    expect(row.cells).toMatchObject({
      restarts: 3,
      lastRestartReason: "OOMKilled",
      lastRestartAt: "2026-12-01T09:30:00Z",
    });
  });

  it("reads a pod with missing and wrongly typed fields without throwing", () => {
    const hostile = {
      metadata: { name: "x" },
      spec: { containers: "nope" },
      status: { containerStatuses: [null, 3, { state: "x" }] },
    };
    expect(projectRow(pod, hostile as KubeObject).status.tone).not.toBe(undefined);
    expect(projectRow(pod, hostile as KubeObject).status.label).not.toBe("Unreadable");
  });
});
