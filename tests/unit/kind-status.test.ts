import { describe, expect, it } from "vitest";
import { definitionFromCrd } from "@/lib/resources/custom";
import { projectRow } from "@/lib/resources/project";
import { findKind } from "@/lib/resources/registry";
import type { CellValue, KubeObject, ResourceRow } from "@/lib/resources/types";
import { readObjectFixture, readObjectFixtures, recorded } from "../support/object-fixtures";

/**
 * Statuses and cells of real objects, recorded from the seeded 1.20 test cluster together with
 * the apiserver's own table for them (tests/fixtures/objects/README.md).
 */

function rowOf(resource: string, object: KubeObject): ResourceRow {
  return projectRow(findKind(resource)!, object);
}

function statusOf(resource: string, name: string | RegExp, namespace?: string) {
  return rowOf(resource, recorded(resource, name, namespace)).status;
}

const text = (cell: CellValue | undefined, none = "<none>") =>
  cell === null || cell === undefined ? none : Array.isArray(cell) ? cell.join(",") : String(cell);
const cell = (id: string, none?: string) => (row: ResourceRow) => text(row.cells[id], none);
const joined = (id: string, separator: string) => (row: ResourceRow) =>
  Array.isArray(row.cells[id]) ? (row.cells[id] as string[]).join(separator) : "";
const label = (row: ResourceRow) => row.status.label;

/** kubectl's column (as the 1.20 apiserver printed it) → the same thing read from our row. */
const AS_KUBECTL_PRINTS: Record<string, Record<string, (row: ResourceRow) => string>> = {
  pods: { Ready: cell("ready"), Status: label, Restarts: cell("restarts"), IP: cell("ip"), Node: cell("node") },
  "deployments.apps": {
    Ready: cell("ready"),
    "Up-to-date": cell("upToDate"),
    Available: cell("available"),
    Images: cell("images"),
    Selector: cell("selector"),
  },
  "replicasets.apps": {
    Desired: cell("desired"),
    Current: cell("current"),
    Ready: cell("ready"),
    Images: cell("images"),
    Selector: cell("selector"),
  },
  "statefulsets.apps": { Ready: cell("ready"), Images: cell("images") },
  "daemonsets.apps": {
    Desired: cell("desired"),
    Current: cell("current"),
    Ready: cell("ready"),
    "Up-to-date": cell("upToDate"),
    Available: cell("available"),
    "Node Selector": cell("nodeSelector"),
    Images: cell("images"),
  },
  "jobs.batch": { Completions: cell("completions"), Images: cell("images") },
  "cronjobs.batch": {
    Schedule: cell("schedule"),
    Active: cell("active"),
    Suspend: (row) => (row.cells.suspended ? "True" : "False"),
  },
  nodes: {
    Status: label,
    Roles: (row) => joined("roles", ",")(row) || "<none>",
    Version: cell("version"),
    "Internal-IP": cell("internalIP"),
    "OS-Image": cell("osImage"),
    "Container-Runtime": cell("containerRuntime"),
  },
  services: {
    Type: cell("type"),
    "Cluster-IP": cell("clusterIP"),
    "External-IP": cell("externalIP"),
    "Port(s)": cell("ports"),
    Selector: cell("selector"),
  },
  endpoints: { Endpoints: cell("endpoints", "") },
  "endpointslices.discovery.k8s.io": {
    AddressType: cell("addressType"),
    Ports: cell("ports"),
    Endpoints: cell("endpoints"),
  },
  "ingresses.networking.k8s.io": {
    Class: cell("class"),
    Hosts: cell("hosts"),
    Address: cell("address", ""),
    Ports: cell("ports"),
  },
  "ingressclasses.networking.k8s.io": { Controller: cell("controller"), Parameters: cell("parameters") },
  "networkpolicies.networking.k8s.io": { "Pod-Selector": cell("podSelector") },
  configmaps: { Data: cell("data") },
  secrets: { Type: cell("type"), Data: cell("data") },
  "horizontalpodautoscalers.autoscaling": {
    Reference: cell("reference"),
    MinPods: cell("minPods"),
    MaxPods: cell("maxPods"),
    Replicas: cell("replicas"),
  },
  persistentvolumeclaims: {
    Status: label,
    Volume: cell("volume", ""),
    Capacity: cell("capacity", ""),
    "Access Modes": cell("accessModes", ""),
    StorageClass: cell("storageClass", ""),
    VolumeMode: cell("volumeMode", "<unset>"),
  },
  persistentvolumes: {
    Capacity: cell("capacity"),
    "Access Modes": cell("accessModes"),
    "Reclaim Policy": cell("reclaimPolicy"),
    Status: label,
    Claim: cell("claim", ""),
    StorageClass: cell("storageClass", ""),
    VolumeMode: cell("volumeMode", "<unset>"),
  },
  "storageclasses.storage.k8s.io": {
    Provisioner: cell("provisioner"),
    ReclaimPolicy: cell("reclaimPolicy"),
    VolumeBindingMode: cell("volumeBindingMode"),
    AllowVolumeExpansion: cell("allowVolumeExpansion"),
  },
  events: {
    Type: label,
    Reason: cell("reason"),
    Object: cell("object"),
    Message: cell("message"),
    Count: cell("count"),
    Source: (row) => text(row.cells.source),
  },
  serviceaccounts: { Secrets: cell("secrets") },
  "rolebindings.rbac.authorization.k8s.io": {
    Role: cell("role"),
    Users: joined("users", ", "),
    Groups: joined("groups", ", "),
    ServiceAccounts: joined("serviceAccounts", ", "),
  },
  "clusterrolebindings.rbac.authorization.k8s.io": {
    Role: cell("role"),
    Users: joined("users", ", "),
    Groups: joined("groups", ", "),
    ServiceAccounts: joined("serviceAccounts", ", "),
  },
  resourcequotas: { Request: cell("request", ""), Limit: cell("limit", "") },
  "poddisruptionbudgets.policy": {
    "Min Available": cell("minAvailable", "N/A"),
    "Max Unavailable": cell("maxUnavailable", "N/A"),
    "Allowed Disruptions": cell("allowedDisruptions"),
  },
  "priorityclasses.scheduling.k8s.io": { Value: cell("value"), "Global-Default": cell("globalDefault") },
  "controllerrevisions.apps": { Controller: cell("controller"), Revision: cell("revision") },
  namespaces: { Status: label },
};

/** kubectl printed this column differently on purpose (a source format, a live duration); the rest must match. */
function printedText(resource: string, column: string, value: unknown): string {
  if (resource === "events" && column === "Source") return String(value).split(",")[0]!;
  if (typeof value === "boolean") return String(value).toLowerCase() === "true" ? "true" : "false";
  return String(value);
}

/** Equal, or ours is the same text capped (ending in "…"). */
function expectSameText(ours: string, printed: string, where: string) {
  if (ours.endsWith("…") && ours !== printed) expect(printed.startsWith(ours.slice(0, -1)), where).toBe(true);
  else expect(ours, where).toBe(printed);
}

describe("cells and statuses read like kubectl's columns for every recorded object", () => {
  const fixtures = readObjectFixtures().filter((fixture) => AS_KUBECTL_PRINTS[fixture.resource]);

  it("covers most recorded kinds", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(28);
  });

  it.each(fixtures.map((fixture) => [fixture.resource, fixture] as const))("%s", (resource, fixture) => {
    const columns = AS_KUBECTL_PRINTS[resource]!;
    for (const [index, object] of fixture.items.entries()) {
      const row = rowOf(resource, object);
      const printed = fixture.printed.rows[index]!;
      expect(printed.name).toBe(object.metadata?.name);
      for (const [column, read] of Object.entries(columns)) {
        const at = fixture.printed.columns.indexOf(column);
        expect(at, `${resource} has a ${column} column`).toBeGreaterThan(-1);
        expectSameText(
          read(row),
          printedText(resource, column, printed.cells[at]),
          `${resource} ${printed.namespace ?? ""}/${printed.name} ${column}`,
        );
      }
    }
  });

  it("prints a finished job's duration like kubectl (a running job's grows, so it has none)", () => {
    const fixture = readObjectFixture("jobs.batch");
    for (const [index, object] of fixture.items.entries()) {
      const row = rowOf("jobs.batch", object);
      if (row.cells.outcome === "Complete") expect(row.cells.duration).toBe(fixture.printed.rows[index]!.cells[2]);
      else expect(row.cells.duration).toBeNull();
    }
  });
});

describe("status of the seeded workloads", () => {
  it.each([
    ["pods", /^web-/, { label: "Running", tone: "ok" }],
    ["pods", /^ledger-worker-/, { label: "CrashLoopBackOff", tone: "error" }],
    ["pods", /^recommendations-/, { label: "ImagePullBackOff", tone: "error" }],
    [
      "pods",
      /^ml-trainer-/,
      { label: "Pending", tone: "warn", reason: "0/1 nodes are available: 1 Insufficient cpu." },
    ],
    ["pods", /^db-migrate-/, { label: "Completed", tone: "muted" }],
    ["pods", /^flaky-import-/, { label: "Error", tone: "error" }],
    ["deployments.apps", "web", { label: "Ready", tone: "ok" }],
    [
      "deployments.apps",
      "recommendations",
      {
        label: "Rollout stuck",
        tone: "error",
        reason: 'ReplicaSet "recommendations-779784c97" has timed out progressing.',
      },
    ],
    ["deployments.apps", "ml-trainer", { label: "Rollout stuck", tone: "error" }],
    ["replicasets.apps", "web-779c574c8", { label: "Scaled to 0", tone: "muted" }],
    ["replicasets.apps", /^ledger-worker-6/, { label: "Degraded", tone: "error", reason: "0/1 available" }],
    ["statefulsets.apps", "redis", { label: "Ready", tone: "ok" }],
    ["daemonsets.apps", "log-shipper", { label: "Ready", tone: "ok" }],
    ["jobs.batch", "db-migrate", { label: "Complete", tone: "ok" }],
    [
      "jobs.batch",
      "flaky-import",
      { label: "Failed", tone: "error", reason: "BackoffLimitExceeded: Job has reached the specified backoff limit" },
    ],
    ["cronjobs.batch", "nightly-report", { label: "Scheduled", tone: "ok" }],
    ["horizontalpodautoscalers.autoscaling", "cart", { label: "Not scaling", tone: "warn" }],
    ["persistentvolumeclaims", "uploads", { label: "Pending", tone: "warn" }],
    ["persistentvolumeclaims", "ledger-data", { label: "Bound", tone: "ok" }],
    ["persistentvolumes", "ledger-pv", { label: "Bound", tone: "ok" }],
    ["nodes", "realk8s-3-node", { label: "Ready", tone: "ok" }],
    ["namespaces", "shop", { label: "Active", tone: "ok" }],
    ["services", "public", { label: "Pending", tone: "warn" }],
    ["services", "web", { label: "Active", tone: "info" }],
    ["endpoints", "web", { label: "Ready", tone: "ok" }],
    ["endpoints", "ledger-worker", { label: "Not ready", tone: "warn" }],
    ["endpointslices.discovery.k8s.io", /^recommendations-/, { label: "Not ready", tone: "warn" }],
    ["ingresses.networking.k8s.io", "web", { label: "Pending", tone: "warn" }],
    ["ingressclasses.networking.k8s.io", "nginx", { label: "Default", tone: "ok" }],
    ["storageclasses.storage.k8s.io", "standard", { label: "Default", tone: "ok" }],
    ["poddisruptionbudgets.policy", "web", { label: "Healthy", tone: "ok" }],
    ["poddisruptionbudgets.policy", "ledger-worker", { label: "Below minimum", tone: "error", reason: "0/1 healthy" }],
    ["resourcequotas", "compute", { label: "Within limits", tone: "ok" }],
    [
      "customresourcedefinitions.apiextensions.k8s.io",
      "certificates.fixtures.pilothouse.dev",
      { label: "Established", tone: "ok" },
    ],
    ["configmaps", "web-config", { label: "Active", tone: "info" }],
  ] as const)("%s %s", (resource, name, expected) => {
    expect(statusOf(resource, name)).toMatchObject(expected);
  });

  it("calls a Deployment whose rollout finished before its pods began to crash Degraded, and Progressing mid-rollout", () => {
    const worker = recorded("deployments.apps", "ledger-worker");
    expect(rowOf("deployments.apps", worker).status).toEqual({
      label: "Degraded",
      tone: "error",
      reason: "0/1 available",
    });
    const fresh = structuredClone(worker) as KubeObject & {
      status: { conditions: { type: string; reason: string; status: string }[] };
    };
    fresh.status.conditions = fresh.status.conditions.map((condition) =>
      condition.type === "Progressing" ? { ...condition, status: "True", reason: "ReplicaSetUpdated" } : condition,
    );
    expect(rowOf("deployments.apps", fresh).status).toMatchObject({ label: "Progressing", tone: "warn" });
  });

  it("tells a degraded Deployment (rollout done, pods lost) from a progressing one, and knows paused and scaled to 0", () => {
    const web = recorded("deployments.apps", "web") as KubeObject & {
      spec: Record<string, unknown>;
      status: Record<string, unknown>;
    };
    const degraded = {
      ...web,
      status: { ...web.status, availableReplicas: 1, readyReplicas: 1, unavailableReplicas: 2 },
    };
    expect(rowOf("deployments.apps", degraded).status).toEqual({
      label: "Degraded",
      tone: "warn",
      reason: "1/3 available",
    });
    const paused = { ...web, spec: { ...web.spec, paused: true } };
    expect(rowOf("deployments.apps", paused).status).toMatchObject({ label: "Paused", tone: "warn" });
    const idle = { ...web, spec: { ...web.spec, replicas: 0 }, status: { observedGeneration: 99, replicas: 0 } };
    expect(rowOf("deployments.apps", idle).status).toEqual({ label: "Scaled to 0", tone: "muted" });
    const deleting = { ...web, metadata: { ...web.metadata, deletionTimestamp: "2026-12-01T12:00:00Z" } };
    expect(rowOf("deployments.apps", deleting)).toMatchObject({ deleting: true, status: { label: "Terminating" } });
  });

  it("prints HPA targets like current kubectl, metric name first", () => {
    expect(
      rowOf("horizontalpodautoscalers.autoscaling", recorded("horizontalpodautoscalers.autoscaling", "cart")).cells
        .targets,
    ).toBe("cpu: <unknown>/70%");
  });

  it("marks a Warning event about a failure as an error, other warnings as warnings, normal ones as info", () => {
    const events = readObjectFixture("events").items.map((object) => rowOf("events", object));
    const tone = (reason: string) => events.find((event) => event.cells.reason === reason)?.status.tone;
    expect(tone("BackOff")).toBe("error");
    expect(tone("BackoffLimitExceeded")).toBe("error");
    expect(tone("FailedScheduling")).toBe("warn");
    expect(tone("FailedGetResourceMetric")).toBe("warn");
    expect(tone("Pulled")).toBe("info");
  });

  it("knows a NotReady and a cordoned node", () => {
    const node = recorded("nodes", "realk8s-3-node") as KubeObject & {
      spec: Record<string, unknown>;
      status: { conditions: Record<string, unknown>[] };
    };
    const cordoned = { ...node, spec: { ...node.spec, unschedulable: true } };
    expect(rowOf("nodes", cordoned).status).toMatchObject({ label: "Ready,SchedulingDisabled", tone: "warn" });
    const lost = structuredClone(node);
    lost.status.conditions = lost.status.conditions.map((condition) =>
      condition.type === "Ready"
        ? { ...condition, status: "Unknown", message: "Kubelet stopped posting node status." }
        : condition,
    );
    expect(rowOf("nodes", lost).status).toEqual({
      label: "NotReady",
      tone: "error",
      reason: "Kubelet stopped posting node status.",
    });
  });
});

describe("a recorded custom resource", () => {
  it("gets the columns and status its CRD declares", () => {
    const definition = definitionFromCrd(
      recorded("customresourcedefinitions.apiextensions.k8s.io", "certificates.fixtures.pilothouse.dev"),
    );
    const fixture = readObjectFixture("certificates.fixtures.pilothouse.dev");
    const row = projectRow(definition, fixture.items[0]!);
    const printed = fixture.printed.rows[0]!.cells;
    expect([row.cells.c0, row.cells.c1, row.cells.c2]).toEqual([printed[1], printed[2], printed[3]]);
    expect(row.status).toEqual({ label: "Ready", tone: "ok" });
    expect(Buffer.byteLength(JSON.stringify(row))).toBeLessThanOrEqual(1024);
  });
});
