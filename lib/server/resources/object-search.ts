/**
 * Find objects by name across the org's clusters for the command palette (docs/resource-views.md,
 * Command palette). Each (cluster, kind) is read like a REST list page (listResourceRows: the
 * member's cluster scope and RBAC, answered from the watch hub's cached rows; the view lingers,
 * so the next keystroke is a cache hit); custom kinds nobody watches are read by a bounded LIST
 * whose names are kept briefly (custom-search.ts, decision 0152). Bounded: clusters, kinds, hits
 * per kind, concurrency per cluster and a deadline per cluster, after which that cluster's answer
 * is what arrived, marked incomplete; a slow cluster never holds up the others.
 */
import { MAX_VIEW_CLUSTERS } from "@/lib/realtime/contract";
import { MIN_SEARCH_LENGTH, type ObjectHit, type ObjectSearch } from "@/lib/resources/palette";
import { findKind, resourceName } from "@/lib/resources/registry";
import type { ResourceRow } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { listClusters } from "../clusters/service";
import { createLimiter } from "../concurrency/limiter";
import { getWatchHub } from "../k8s/watch-hub";
import { log } from "../logger";
import { openClusterScope } from "./cluster-scope";
import { searchUnwatchedKinds } from "./custom-search";
import { listResourceRows } from "./resource-reads";

/** The kinds a palette search looks through: what people jump to by name. */
export const SEARCH_KINDS = [
  "pods",
  "deployments.apps",
  "statefulsets.apps",
  "daemonsets.apps",
  "services",
  "nodes",
  "namespaces",
] as const;
const HITS_PER_KIND = 5;
/** Custom resource kinds searched per cluster through the hub, from those already in its cache. */
export const MAX_CUSTOM_KINDS = 10;
export const MAX_SEARCH_HITS = 40;
/** Each cluster's deadline; all start together, so this is also the whole search's. */
const CLUSTER_BUDGET_MS = 2500;
/** Hub reads of one cluster at once in one search; a palette must not crowd out lists. */
const READS_PER_CLUSTER = 3;

type Cluster = { id: string; name: string };

export async function searchObjects(context: OrgContext, text: string): Promise<ObjectSearch> {
  const query = text.trim().toLowerCase();
  if (query.length < MIN_SEARCH_LENGTH) return { hits: [], incomplete: false };
  const clusters = (await listClusters(context.orgId)).slice(0, MAX_VIEW_CLUSTERS);
  const answers = await Promise.all(clusters.map((cluster) => searchCluster(context, cluster, query)));
  const found = answers.flatMap((answer) => answer.hits);
  return {
    hits: rank(found, query).slice(0, MAX_SEARCH_HITS),
    incomplete: answers.some((answer) => !answer.complete),
  };
}

/** One cluster's hits within its own deadline: what arrived by then, and whether that was all. */
async function searchCluster(
  context: OrgContext,
  cluster: Cluster,
  query: string,
): Promise<{ hits: ObjectHit[]; complete: boolean }> {
  const hits: ObjectHit[] = [];
  let late = false;
  const add = (resource: string, rows: Pick<ResourceRow, "namespace" | "name" | "status">[]) => {
    if (!late) for (const row of rows) hits.push(hitOf(row, cluster, resource));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      late = true;
      resolve(false);
    }, CLUSTER_BUDGET_MS);
  });
  const complete = await Promise.race([readCluster(context, cluster.id, query, add, () => late), deadline]);
  clearTimeout(timer);
  late = true;
  return { hits: [...hits], complete };
}

/** The hub's kinds and the unwatched custom kinds side by side; true when every read answered whole. */
async function readCluster(
  context: OrgContext,
  clusterId: string,
  query: string,
  add: (resource: string, rows: Pick<ResourceRow, "namespace" | "name" | "status">[]) => void,
  isLate: () => boolean,
): Promise<boolean> {
  const watched = searchedKinds(clusterId);
  const limiter = createLimiter(READS_PER_CLUSTER);
  const hubReads = Promise.all(
    watched.map((resource) =>
      limiter.run(async () => add(resource, await rowsNamed(context, clusterId, resource, query))),
    ),
  );
  const custom = searchCustom(context, clusterId, new Set(watched), query, add, isLate);
  const [, customComplete] = await Promise.all([hubReads, custom]);
  return customComplete;
}

/** Custom kinds nobody watches; a cluster that cannot be reached or discovered adds nothing. */
async function searchCustom(
  context: OrgContext,
  clusterId: string,
  watched: ReadonlySet<string>,
  query: string,
  add: (resource: string, rows: Pick<ResourceRow, "namespace" | "name" | "status">[]) => void,
  isLate: () => boolean,
): Promise<boolean> {
  try {
    const scope = await openClusterScope(context, clusterId);
    const { complete } = await searchUnwatchedKinds(scope, watched, query, HITS_PER_KIND, {
      onHits: (resource, rows) => add(resource.name, rows),
      isLate,
    });
    return complete;
  } catch (error) {
    log.debug("palette search skipped a cluster's custom kinds", { clusterId, error: String(error) });
    return false;
  }
}

/**
 * The fixed kinds, then custom resources this server already watches on the cluster (someone
 * has their list open or just had), so a search of them is answered from rows already held.
 * Each read still goes through the member's cluster scope and RBAC like the fixed kinds.
 */
function searchedKinds(clusterId: string): string[] {
  const custom = getWatchHub()
    .resourcesOn(clusterId)
    .map((resource) => resourceName(resource.group, resource.plural))
    .filter((name) => name.includes(".") && !findKind(name))
    .sort()
    .slice(0, MAX_CUSTOM_KINDS);
  return [...SEARCH_KINDS, ...new Set(custom)];
}

/** Rows whose name holds the query; a cluster or kind the member may not list simply adds none. */
async function rowsNamed(context: OrgContext, clusterId: string, resource: string, query: string) {
  try {
    const page = await listResourceRows(context, clusterId, resource, { filter: query, limit: 50 });
    return page.items.filter((row) => row.name.toLowerCase().includes(query)).slice(0, HITS_PER_KIND);
  } catch (error) {
    log.debug("palette search skipped a list", { clusterId, resource, error: String(error) });
    return [];
  }
}

function hitOf(row: Pick<ResourceRow, "namespace" | "name" | "status">, cluster: Cluster, resource: string): ObjectHit {
  return {
    clusterId: cluster.id,
    clusterName: cluster.name,
    resource,
    // A custom resource goes by its resource name (`widgets.example.com`): its kind is per cluster.
    kind: findKind(resource)?.kind ?? resource,
    ...(row.namespace && { namespace: row.namespace }),
    name: row.name,
    status: { label: row.status.label, tone: row.status.tone },
  };
}

/** Exact names first, then names that start with the query, then the rest; shorter names before longer. */
function rank(hits: ObjectHit[], query: string): ObjectHit[] {
  const score = (hit: ObjectHit) => {
    const name = hit.name.toLowerCase();
    return name === query ? 0 : name.startsWith(query) ? 1 : 2;
  };
  return hits.sort((a, b) => score(a) - score(b) || a.name.length - b.name.length || a.name.localeCompare(b.name));
}
