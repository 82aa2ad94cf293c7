/**
 * Find objects by name across the org's clusters for the command palette (docs/resource-views.md,
 * Command palette). Each (cluster, kind) is read like a REST list page (listResourceRows: the
 * member's cluster scope and RBAC, answered from the watch hub's cached rows; the view lingers,
 * so the next keystroke is a cache hit). Bounded: clusters, kinds, hits per kind, concurrency and
 * a time budget after which the answer is what arrived, marked incomplete.
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
/** Custom resource kinds searched per cluster at most, from those already in the watch cache. */
export const MAX_CUSTOM_KINDS = 10;
export const MAX_SEARCH_HITS = 40;
const SEARCH_BUDGET_MS = 2500;
/** (cluster, kind) reads of one search at once; a palette must not crowd out lists. */
const SEARCH_CONCURRENCY = 4;

export async function searchObjects(context: OrgContext, text: string): Promise<ObjectSearch> {
  const query = text.trim().toLowerCase();
  if (query.length < MIN_SEARCH_LENGTH) return { hits: [], incomplete: false };
  const clusters = (await listClusters(context.orgId)).slice(0, MAX_VIEW_CLUSTERS);
  const limiter = createLimiter(SEARCH_CONCURRENCY);
  const found: ObjectHit[] = [];
  const reads = clusters.flatMap((cluster) =>
    searchedKinds(cluster.id).map((resource) =>
      limiter.run(async () => {
        const rows = await rowsNamed(context, cluster.id, resource, query);
        for (const row of rows) found.push(hitOf(row, { id: cluster.id, name: cluster.name }, resource));
      }),
    ),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const budget = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), SEARCH_BUDGET_MS);
  });
  const outcome = await Promise.race([Promise.all(reads).then(() => "done" as const), budget]);
  clearTimeout(timer);
  return { hits: rank(found, query).slice(0, MAX_SEARCH_HITS), incomplete: outcome === "late" };
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

function hitOf(row: ResourceRow, cluster: { id: string; name: string }, resource: string): ObjectHit {
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
