/**
 * Small stand-ins for the kind registry's projections (lib/resources), enough to drive the watch
 * hub in tests and benchmarks: pods, deployments, configmaps and secrets become ResourceRows
 * shaped like the real ones (common metadata plus a few cells and a status).
 */
import type { CellValue, KubeObject, ResourceRow, ResourceStatus } from "@/lib/resources/types";
import type { WatchedResource } from "@/lib/server/k8s/resource-path";

type Projector = { resource: WatchedResource; project: (object: KubeObject) => ResourceRow };

type PodLike = {
  spec?: { nodeName?: string; containers?: unknown[] };
  status?: {
    phase?: string;
    podIP?: string;
    containerStatuses?: { ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string } } }[];
  };
};

function baseRow(object: KubeObject, cells: Record<string, CellValue>, status: ResourceStatus): ResourceRow {
  const metadata = object.metadata ?? {};
  const owner = metadata.ownerReferences?.find((reference) => reference.controller);
  return {
    uid: metadata.uid ?? "",
    name: metadata.name ?? "",
    ...(metadata.namespace && { namespace: metadata.namespace }),
    resourceVersion: metadata.resourceVersion ?? "",
    createdAt: metadata.creationTimestamp ?? null,
    ...(metadata.labels && { labels: metadata.labels }),
    ...(owner?.kind && owner.name && owner.uid && { owner: { kind: owner.kind, name: owner.name, uid: owner.uid } }),
    ...(metadata.deletionTimestamp && { deleting: true as const }),
    cells,
    status,
  };
}

export const pods: Projector = {
  resource: { group: "", version: "v1", plural: "pods", namespaced: true },
  project(object) {
    const pod = object as KubeObject & PodLike;
    const containers = pod.status?.containerStatuses ?? [];
    const waiting = containers.find((container) => container.state?.waiting?.reason)?.state?.waiting?.reason;
    const phase = pod.status?.phase ?? "Pending";
    const label = waiting ?? phase;
    const tone = waiting && waiting !== "ContainerCreating" ? "error" : phase === "Running" ? "ok" : "warn";
    return baseRow(
      object,
      {
        ready: `${containers.filter((container) => container.ready).length}/${pod.spec?.containers?.length ?? 0}`,
        restarts: containers.reduce((sum, container) => sum + (container.restartCount ?? 0), 0),
        node: pod.spec?.nodeName ?? null,
        ip: pod.status?.podIP ?? null,
      },
      { label, tone },
    );
  },
};

export const deployments: Projector = {
  resource: { group: "apps", version: "v1", plural: "deployments", namespaced: true },
  project(object) {
    const deployment = object as KubeObject & {
      spec?: { replicas?: number };
      status?: { readyReplicas?: number };
    };
    const replicas = deployment.spec?.replicas ?? 1;
    const ready = deployment.status?.readyReplicas ?? 0;
    const status: ResourceStatus =
      ready >= replicas ? { label: "Ready", tone: "ok" } : { label: "Progressing", tone: "warn" };
    return baseRow(object, { replicas, ready }, status);
  },
};

export const configMaps: Projector = {
  resource: { group: "", version: "v1", plural: "configmaps", namespaced: true },
  project(object) {
    const data = (object as { data?: Record<string, string> }).data ?? {};
    return baseRow(object, { keys: Object.keys(data).length }, { label: "Active", tone: "ok" });
  },
};

/** Rows for Secrets carry the type and the key names' count, never a value. */
export const secrets: Projector = {
  resource: { group: "", version: "v1", plural: "secrets", namespaced: true },
  project(object) {
    const type = (object as { type?: string }).type ?? "Opaque";
    return baseRow(object, { type }, { label: type, tone: "muted" });
  },
};
