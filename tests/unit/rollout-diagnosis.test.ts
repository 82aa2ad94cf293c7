import { describe, expect, it } from "vitest";
import { projectRow } from "@/lib/resources/project";
import { findKind } from "@/lib/resources/registry";
import { diagnoseRollout, newRevisionPods, SLOW_START_MS } from "@/lib/resources/rollout-diagnosis";
import type { KubeObject, ResourceRow } from "@/lib/resources/types";
import { readObjectFixture, recorded } from "../support/object-fixtures";

/**
 * Stuck-rollout diagnosis (lib/resources/rollout-diagnosis.ts) from objects recorded on the seeded
 * 1.20 test cluster (tests/fixtures/objects/README.md), and from small variations of them for the
 * causes the seed does not show.
 */

const rowOf = (resource: string, object: KubeObject): ResourceRow => projectRow(findKind(resource)!, object);
const rows = (resource: string, namespace: string) =>
  readObjectFixture(resource)
    .items.filter((item) => item.metadata?.namespace === namespace)
    .map((item) => rowOf(resource, item));

/** The recorded Deployment, its new revision's pods and the namespace's pod events, diagnosed at `now`. */
function diagnoseRecorded(namespace: string, name: string, now = Date.parse("2026-12-01T15:05:00Z")) {
  const workload = recorded("deployments.apps", name, namespace);
  const pods = newRevisionPods(
    "Deployment",
    workload,
    rows("pods", namespace).filter((pod) => pod.name.startsWith(`${name}-`)),
    rows("replicasets.apps", namespace),
  );
  const events = rows("events", namespace);
  return diagnoseRollout({ kind: "Deployment", workload, pods, events, now });
}

/** A Deployment of `replicas` whose status says all of them are updated, ready and available. */
function healthyDeployment(replicas: number, spec: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { name: "web", namespace: "shop", uid: "d1", generation: 2 },
    spec: { replicas, selector: { matchLabels: { app: "web" } }, ...spec },
    status: {
      observedGeneration: 2,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    },
  };
}

function podRow(name: string, cells: ResourceRow["cells"], createdAt = "2026-12-01T15:00:00Z"): ResourceRow {
  return {
    uid: `uid-${name}`,
    name,
    resourceVersion: "1",
    createdAt,
    cells,
    status: { label: String(cells.status), tone: "warn" },
  };
}

const NOW = Date.parse("2026-12-01T15:01:00Z");

describe("rollout diagnosis of the seeded Deployments", () => {
  it("names the image the new revision cannot pull, with the kubelet's error", () => {
    const diagnosis = diagnoseRecorded("shop", "recommendations");
    expect(diagnosis?.cause).toBe("image-pull");
    // Only the new revision (3, v0.9.0) counts: the older pod pulling v0.9.0-rc2 is not this rollout.
    expect(diagnosis?.summary).toBe("1 pod cannot pull image ghcr.io/acme/recommendations:v0.9.0");
    expect(diagnosis?.pods).toEqual(["recommendations-779784c97-kdkvs"]);
    expect(diagnosis?.detail).toMatch(
      /^ImagePullBackOff: Failed to pull image "ghcr\.io\/acme\/recommendations:v0\.9\.0": rpc error: code = NotFound/,
    );
  });

  it("names the crash-looping container with its last exit code and termination reason", () => {
    const diagnosis = diagnoseRecorded("payments", "ledger-worker");
    expect(diagnosis?.cause).toBe("crash-loop");
    expect(diagnosis?.summary).toBe("1 pod crash-looping: container ledger-worker exited with code 1 (Error)");
    expect(diagnosis?.detail).toBe("Back-off restarting failed container");
  });

  it("gives the scheduler's message for a pod no node can take", () => {
    const diagnosis = diagnoseRecorded("batch", "ml-trainer");
    expect(diagnosis?.cause).toBe("unschedulable");
    expect(diagnosis?.summary).toBe("1 pod cannot be scheduled");
    expect(diagnosis?.detail).toBe("0/1 nodes are available: 1 Insufficient cpu.");
  });

  it("has nothing to say about a healthy Deployment", () => {
    expect(diagnoseRecorded("shop", "web")).toBeUndefined();
  });
});

describe("rollout diagnosis of other causes", () => {
  it("says nothing while new pods start within the allowed time", () => {
    const workload = healthyDeployment(3);
    (workload.status as Record<string, unknown>).updatedReplicas = 1;
    const pods = [podRow("web-1", { status: "ContainerCreating", phase: "Pending", node: "node-1" })];
    expect(diagnoseRollout({ kind: "Deployment", workload, pods, events: [], now: NOW })).toBeUndefined();
  });

  it("names pods that stay ContainerCreating too long, with the latest warning about them", () => {
    const workload = healthyDeployment(1);
    (workload.status as Record<string, unknown>).availableReplicas = 0;
    const pod = podRow("web-1", { status: "ContainerCreating", phase: "Pending", node: "node-1" });
    const mount = {
      ...podRow("e1", { reason: "FailedMount", type: "Warning", objectUid: pod.uid }),
      cells: {
        reason: "FailedMount",
        type: "Warning",
        objectUid: pod.uid,
        message: 'MountVolume.SetUp failed for volume "config" : configmap "web-config" not found',
        lastSeen: "2026-12-01T15:06:00Z",
      },
    };
    const diagnosis = diagnoseRollout({
      kind: "Deployment",
      workload,
      pods: [pod],
      events: [mount],
      now: Date.parse(pod.createdAt!) + SLOW_START_MS + 120_000,
    });
    expect(diagnosis).toMatchObject({ cause: "slow-start", summary: "1 pod ContainerCreating for 7m" });
    expect(diagnosis?.detail).toContain('configmap "web-config" not found');
  });

  it("says a paused rollout is paused, at how many updated", () => {
    const workload = healthyDeployment(4, { paused: true });
    (workload.status as Record<string, unknown>).updatedReplicas = 1;
    const diagnosis = diagnoseRollout({ kind: "Deployment", workload, pods: [], events: [], now: NOW });
    expect(diagnosis).toMatchObject({ cause: "paused", summary: "Rollout paused at 1/4 updated" });
  });

  it("falls back to the controller's ProgressDeadlineExceeded message, and flags the deadline on a pod cause", () => {
    const workload = healthyDeployment(2);
    const message = 'ReplicaSet "web-5d9" has timed out progressing.';
    Object.assign(workload.status as Record<string, unknown>, {
      availableReplicas: 1,
      conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message }],
    });
    expect(diagnoseRollout({ kind: "Deployment", workload, pods: [], events: [], now: NOW })).toMatchObject({
      cause: "deadline-exceeded",
      detail: message,
      deadlineExceeded: true,
    });
    const failing = podRow("web-2", { status: "CreateContainerConfigError", message: 'secret "db" not found' });
    expect(diagnoseRollout({ kind: "Deployment", workload, pods: [failing], events: [], now: NOW })).toMatchObject({
      cause: "container-error",
      summary: "1 pod cannot start: CreateContainerConfigError",
      detail: 'secret "db" not found',
      deadlineExceeded: true,
    });
  });

  it("reads a StatefulSet's new revision from its updateRevision label and a DaemonSet's counts", () => {
    const statefulSet: KubeObject = {
      metadata: { uid: "s1", generation: 1 },
      spec: { replicas: 2 },
      status: { observedGeneration: 1, updatedReplicas: 1, readyReplicas: 1, updateRevision: "db-2" },
    };
    const old = { ...podRow("db-0", { status: "CrashLoopBackOff" }), labels: { "controller-revision-hash": "db-1" } };
    const fresh = { ...podRow("db-1", { status: "ImagePullBackOff" }), labels: { "controller-revision-hash": "db-2" } };
    const pods = newRevisionPods("StatefulSet", statefulSet, [old, fresh]);
    expect(pods.map((pod) => pod.name)).toEqual(["db-1"]);
    expect(diagnoseRollout({ kind: "StatefulSet", workload: statefulSet, pods, events: [], now: NOW })?.cause).toBe(
      "image-pull",
    );
    const daemonSet: KubeObject = {
      metadata: { generation: 1 },
      status: {
        observedGeneration: 1,
        desiredNumberScheduled: 2,
        updatedNumberScheduled: 2,
        numberReady: 2,
        numberAvailable: 2,
      },
    };
    expect(diagnoseRollout({ kind: "DaemonSet", workload: daemonSet, pods: [], events: [], now: NOW })).toBeUndefined();
  });
});
