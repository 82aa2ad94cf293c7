import { describe, expect, it } from "vitest";
import { pod } from "@/lib/resources/kinds/pod";
import { projectRow } from "@/lib/resources/project";
import { findKind } from "@/lib/resources/registry";
import type { KubeObject } from "@/lib/resources/types";
import { readObjectFixtures } from "../support/object-fixtures";

/** The engine keeps rows, not objects: at most 1 KB each (docs/decisions/0020). */
const MAX_ROW_BYTES = 1024;

function rowBytes(object: KubeObject, resource: string) {
  return Buffer.byteLength(JSON.stringify(projectRow(findKind(resource)!, object)));
}

/** A pod with 20 containers (long image references, crash-looping) and 50 labels. */
function hugePod(): KubeObject {
  const containers = Array.from({ length: 20 }, (_, index) => ({
    name: `sidecar-container-with-a-long-name-${index}`,
    image: `registry.example.com/platform/team-${index}/service@sha256:${"ab".repeat(32)}`,
  }));
  return {
    metadata: {
      name: "checkout-7d9f8c6b5d-x2x9z",
      namespace: "production-checkout",
      uid: "3f1c2e4a-9b7d-4c1e-8a2f-1234567890ab",
      resourceVersion: "123456789",
      creationTimestamp: "2026-12-01T10:00:00Z",
      labels: Object.fromEntries(
        Array.from({ length: 50 }, (_, index) => [
          `example.com/label-key-number-${index}`,
          `value-${"v".repeat(30)}-${index}`,
        ]),
      ),
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "checkout-7d9f8c6b5d",
          uid: "9a8b7c6d-5e4f-3a2b-1c0d-abcdefabcdef",
          controller: true,
        },
      ],
    },
    spec: { nodeName: "ip-10-0-12-34.eu-west-1.compute.internal", containers },
    status: {
      phase: "Running",
      podIP: "10.0.12.77",
      containerStatuses: containers.map((container, index) => ({
        name: container.name,
        ready: false,
        restartCount: 40 + index,
        state: {
          waiting: {
            reason: "CrashLoopBackOff",
            message: `back-off 5m0s restarting failed container=${container.name} ${"x".repeat(500)}`,
          },
        },
        lastState: {
          terminated: {
            reason: "OOMKilled",
            exitCode: 137,
            finishedAt: "2026-12-01T11:00:00Z",
            message: "y".repeat(2000),
          },
        },
      })),
    },
  };
}

describe("row size", () => {
  it("stays within 1 KB for a pod with 20 containers and 50 labels", () => {
    const object = hugePod();
    expect(rowBytes(object, "pods")).toBeLessThanOrEqual(MAX_ROW_BYTES);
    const row = projectRow(pod, object);
    expect(row.status).toMatchObject({ label: "CrashLoopBackOff", tone: "error" });
    expect(row.cells.ready).toBe("0/20");
    expect(Object.keys(row.labels ?? {}).length).toBeLessThanOrEqual(8);
  });

  // Custom resources are checked with their CRD's definition in kind-status.test.ts.
  const builtIn = readObjectFixtures().filter((fixture) => findKind(fixture.resource));

  it.each(builtIn.map((fixture) => [fixture.resource, fixture] as const))(
    "stays within 1 KB for every recorded %s",
    (resource, fixture) => {
      for (const object of fixture.items) {
        expect(
          rowBytes(object, resource),
          `${object.metadata?.namespace}/${object.metadata?.name}`,
        ).toBeLessThanOrEqual(MAX_ROW_BYTES);
      }
    },
  );
});
