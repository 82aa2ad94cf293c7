import { asRecord, asRecords, asString } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";
import {
  sinceTime,
  type Timeline,
  type TimelineAction,
  type TimelineEvent,
  type TimelineItem,
  type TimelineQuery,
  type TimelineRevision,
} from "@/lib/timeline/types";
import type { OrgContext } from "../auth/actor";
import { getClusterConnection } from "../clusters/clients";
import { actingAs } from "../clusters/impersonation";
import { getDb } from "../db/client";
import { authorizeEventHistory } from "../events/event-access";
import type { ClusterConnection } from "../k8s/connection";
import { callCluster, type Impersonation } from "../k8s/request";
import { collectionPath, objectPath, type WatchedResource } from "../k8s/resource-path";
import { selectorOf } from "../logs/workload-selector";

/**
 * One workload's or pod's timeline (docs/logs.md, Timeline): "what changed right before it
 * broke". Events come from the event history (so they outlive Kubernetes' hour), for the object
 * and for what it runs through — a Deployment's ReplicaSets and every pod they made; Pilothouse's
 * own audited actions on the object come from the audit log; a Deployment's rollout revisions are
 * its ReplicaSets' creation times. The cluster is read as the acting identity.
 */

/** Items one timeline returns at most (the newest); events and audit rows are each read up to this. */
export const TIMELINE_MAX_ITEMS = 500;
/** ReplicaSets a Deployment keeps is revisionHistoryLimit (10 by default); more is not looked at. */
const MAX_REPLICASETS = 100;
const LIST_MAX_BYTES = 4 * 1024 * 1024;
const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

const SERVED: Record<Exclude<TimelineQuery["kind"], "Pod">, WatchedResource> = {
  Deployment: { group: "apps", version: "v1", plural: "deployments", namespaced: true },
  StatefulSet: { group: "apps", version: "v1", plural: "statefulsets", namespaced: true },
  DaemonSet: { group: "apps", version: "v1", plural: "daemonsets", namespaced: true },
  ReplicaSet: { group: "apps", version: "v1", plural: "replicasets", namespaced: true },
  Job: { group: "batch", version: "v1", plural: "jobs", namespaced: true },
};
const REPLICASETS = SERVED.ReplicaSet;

type Reader = { connection: ClusterConnection; impersonate?: Impersonation };

/** Who the events are about: exact objects, and pods by the names their owners give them. */
type Involved = { objects: { kind: string; name: string }[]; podPrefixes: string[]; revisions: TimelineRevision[] };

export async function getTimeline(context: OrgContext, clusterId: string, query: TimelineQuery): Promise<Timeline> {
  const cluster = await authorizeEventHistory(context, clusterId, query.namespace);
  const since = sinceTime(query.since);
  const reader = {
    connection: await getClusterConnection(cluster),
    impersonate: actingAs(cluster, context.actor, context.role),
  };
  const involved = await involvedIn(reader, query);
  const [events, actions] = await Promise.all([
    recordedEvents(clusterId, query.namespace, involved, since),
    auditedActions(context.orgId, clusterId, query, since),
  ]);
  const revisions = involved.revisions.filter((revision) => revision.time >= since.toISOString());
  const items: TimelineItem[] = [...events, ...actions, ...revisions].sort(byTime);
  return {
    object: { kind: query.kind, namespace: query.namespace, name: query.name },
    since: since.toISOString(),
    items: items.slice(-TIMELINE_MAX_ITEMS),
    truncated: items.length > TIMELINE_MAX_ITEMS,
  };
}

function byTime(a: TimelineItem, b: TimelineItem): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}

/**
 * The objects whose events belong on this timeline. Pods are matched by name prefix (a
 * ReplicaSet's pods are `<rs>-xxxxx`, a StatefulSet's `<name>-N`, a Job's `<name>-xxxxx`): pods
 * deleted long ago keep their recorded events, and only a prefix still finds them.
 */
async function involvedIn(reader: Reader, query: TimelineQuery): Promise<Involved> {
  const self = { kind: query.kind, name: query.name };
  if (query.kind === "Pod") return { objects: [self], podPrefixes: [], revisions: [] };
  if (query.kind !== "Deployment") return { objects: [self], podPrefixes: [`${query.name}-`], revisions: [] };
  const deployment = await callCluster<KubeObject>(reader.connection, {
    path: objectPath(SERVED.Deployment, query.name, query.namespace),
    impersonate: reader.impersonate,
  });
  const replicaSets = await ownedReplicaSets(reader, query.namespace, deployment);
  return {
    objects: [self, ...replicaSets.map((rs) => ({ kind: "ReplicaSet", name: nameOf(rs) }))],
    podPrefixes: replicaSets.map((rs) => `${nameOf(rs)}-`),
    revisions: replicaSets.map(revisionOf).filter((revision): revision is TimelineRevision => revision !== null),
  };
}

async function ownedReplicaSets(reader: Reader, namespace: string, deployment: KubeObject): Promise<KubeObject[]> {
  const uid = asString(asRecord(deployment.metadata).uid);
  const params = new URLSearchParams({ labelSelector: selectorOf(deployment), limit: String(MAX_REPLICASETS) });
  const list = await callCluster<{ items?: KubeObject[] }>(reader.connection, {
    path: `${collectionPath(REPLICASETS, namespace)}?${params.toString()}`,
    impersonate: reader.impersonate,
    maxBytes: LIST_MAX_BYTES,
  });
  return (list.items ?? []).filter((rs) =>
    asRecords(asRecord(rs.metadata).ownerReferences).some((owner) => owner.uid === uid),
  );
}

function nameOf(object: KubeObject): string {
  return asString(asRecord(object.metadata).name) ?? "";
}

function revisionOf(rs: KubeObject): TimelineRevision | null {
  const metadata = asRecord(rs.metadata);
  const revision = Number(asString(asRecord(metadata.annotations)[REVISION_ANNOTATION]));
  const created = asString(metadata.creationTimestamp);
  if (!Number.isInteger(revision) || !created) return null;
  const containers = asRecords(asRecord(asRecord(asRecord(rs.spec).template).spec).containers);
  return {
    source: "revision",
    time: new Date(created).toISOString(),
    revision,
    name: nameOf(rs),
    images: containers.map((container) => asString(container.image) ?? "").filter(Boolean),
  };
}

/** The history spells kinds in lower case (`pod`, `replicaset`); see event-recorder.ts. */
async function recordedEvents(
  clusterId: string,
  namespace: string,
  involved: Involved,
  since: Date,
): Promise<TimelineEvent[]> {
  const rows = await getDb().clusterEvent.findMany({
    where: {
      clusterId,
      namespace,
      lastSeen: { gte: since },
      OR: [
        ...involved.objects.map((object) => ({ involvedKind: object.kind.toLowerCase(), involvedName: object.name })),
        ...involved.podPrefixes.map((prefix) => ({ involvedKind: "pod", involvedName: { startsWith: prefix } })),
      ],
    },
    orderBy: { lastSeen: "desc" },
    take: TIMELINE_MAX_ITEMS,
  });
  return rows.map((row) => ({
    source: "event",
    time: row.lastSeen.toISOString(),
    type: row.type === "Warning" ? "Warning" : "Normal",
    reason: row.reason,
    message: row.message,
    count: row.count,
    object: { kind: kindLabel(row.involvedKind), name: row.involvedName },
  }));
}

const KIND_LABELS: Record<string, string> = {
  pod: "Pod",
  replicaset: "ReplicaSet",
  deployment: "Deployment",
  statefulset: "StatefulSet",
  daemonset: "DaemonSet",
  job: "Job",
};

function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** Pilothouse's own actions on the object, from this org's audit log (who scaled, rolled back, restarted, edited). */
async function auditedActions(
  orgId: string,
  clusterId: string,
  query: TimelineQuery,
  since: Date,
): Promise<TimelineAction[]> {
  const rows = await getDb().auditEvent.findMany({
    where: {
      orgId,
      clusterId,
      namespace: query.namespace,
      name: query.name,
      kind: { in: [query.kind, query.kind.toLowerCase()] },
      time: { gte: since },
    },
    include: { outcome: true },
    orderBy: { time: "desc" },
    take: TIMELINE_MAX_ITEMS,
  });
  return rows.map((row) => ({
    source: "audit",
    time: row.time.toISOString(),
    action: row.action,
    actor: row.actorEmail,
    summary: row.summary,
    outcome: row.outcome?.outcome ?? null,
    detail: row.outcome?.detail ?? null,
  }));
}
