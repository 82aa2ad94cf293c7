/**
 * The palette's search in custom resource kinds nobody watches (docs/resource-views.md, Command
 * palette; decision 0152): one bounded LIST per kind (first page only, a timeout, a byte cap), a
 * few kinds at a time per cluster for the whole process, only kinds the acting identity may list,
 * and each kind's names kept briefly so the next keystroke filters them instead of listing again.
 * Only names, namespaces and a status label are kept; core kinds (Secrets among them) are never
 * listed here: a custom resource's name always has a group.
 */
import { genericDefinition } from "@/lib/resources/custom";
import type { ObjectHit } from "@/lib/resources/palette";
import { projectRow } from "@/lib/resources/project";
import type { KubeObject, ServedResource } from "@/lib/resources/types";
import { createLimiter, type Limiter } from "../concurrency/limiter";
import { listServedResources } from "../k8s/discovery";
import { callCluster } from "../k8s/request";
import { collectionPath } from "../k8s/resource-path";
import { log } from "../logger";
import { getMetrics } from "../metrics";
import { type ClusterScope, mayInScope } from "./cluster-scope";

/** Kinds looked through per cluster and search at most, cached ones first. */
export const MAX_UNWATCHED_KINDS = 100;
/** Objects read per kind: the first page only; a kind with more is searched in part. */
export const UNWATCHED_LIST_LIMIT = 500;
const LIST_TIMEOUT_MS = 5_000;
const LIST_MAX_BYTES = 8 * 1024 * 1024;
/** LISTs in flight per cluster, across every search of this process. */
const LISTS_PER_CLUSTER = 2;
/** How long a kind's names answer keystrokes before they are listed again. */
export const NAMES_TTL_MS = 30_000;
/** Names kept across all kinds (~150 bytes each); the oldest kinds go first. */
const MAX_CACHED_ROWS = 200_000;

/**
 * Kubernetes' own API groups (and the metrics APIs): served by the apiserver or an aggregated
 * server, not custom resources, and often costly to list (metrics) or full of noise (leases).
 */
const KUBERNETES_GROUPS = new Set([
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "apps",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "extensions",
  "flowcontrol.apiserver.k8s.io",
  "internal.apiserver.k8s.io",
  "networking.k8s.io",
  "node.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "resource.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
  "storagemigration.k8s.io",
  "metrics.k8s.io",
  "custom.metrics.k8s.io",
  "external.metrics.k8s.io",
]);

type NamedRow = Pick<ObjectHit, "namespace" | "name" | "status">;
type CachedNames = { rows: NamedRow[]; partial: boolean; expiresAt: number };

const globalForSearch = globalThis as unknown as {
  pilothouseCustomNames?: Map<string, CachedNames>;
  pilothouseCustomLists?: Map<string, Promise<CachedNames | undefined>>;
  pilothouseCustomLimiters?: Map<string, Limiter>;
};
const names: Map<string, CachedNames> = (globalForSearch.pilothouseCustomNames ??= new Map());
const inFlight: Map<string, Promise<CachedNames | undefined>> = (globalForSearch.pilothouseCustomLists ??= new Map());
const limiters: Map<string, Limiter> = (globalForSearch.pilothouseCustomLimiters ??= new Map());
let cachedRows = [...names.values()].reduce((total, entry) => total + entry.rows.length, 0);

export type UnwatchedSearch = {
  /** One kind's rows whose name holds the query, as they arrive. */
  onHits: (resource: ServedResource, rows: NamedRow[]) => void;
  /** Past this, no new LIST starts for this search (those running finish and fill the cache). */
  isLate: () => boolean;
};

/**
 * Searches the cluster's custom kinds not in `skip` (those the watch hub answers). Resolves when
 * every kind is answered or skipped for lateness; `complete` is false when some were skipped or
 * read in part.
 */
export async function searchUnwatchedKinds(
  scope: ClusterScope,
  skip: ReadonlySet<string>,
  query: string,
  hitsPerKind: number,
  search: UnwatchedSearch,
): Promise<{ complete: boolean }> {
  const kinds = await unwatchedKinds(scope, skip);
  const identity = identityKey(scope);
  let complete = kinds.length <= MAX_UNWATCHED_KINDS;
  const chosen = kinds
    .map((resource) => ({ resource, key: `${scope.connectionKey}|${identity}|${resource.name}` }))
    // The cached kinds first: they cost nothing and are what the previous keystroke listed.
    .sort((a, b) => Number(!fresh(names.get(a.key))) - Number(!fresh(names.get(b.key))))
    .slice(0, MAX_UNWATCHED_KINDS);
  await Promise.all(
    chosen.map(async ({ resource, key }) => {
      const read = await namesOf(scope, resource, key, search.isLate);
      if (!read || read.partial) complete = false;
      if (!read) return;
      const rows = read.rows.filter((row) => row.name.toLowerCase().includes(query)).slice(0, hitsPerKind);
      if (rows.length > 0) search.onHits(resource, rows);
    }),
  );
  return { complete };
}

/** Custom kinds the cluster serves that can be listed, minus those searched through the hub. */
async function unwatchedKinds(scope: ClusterScope, skip: ReadonlySet<string>): Promise<ServedResource[]> {
  const served = await listServedResources(scope.connectionKey, scope.connection);
  return served.filter(
    (resource) =>
      !resource.builtIn &&
      resource.group.includes(".") &&
      !KUBERNETES_GROUPS.has(resource.group) &&
      resource.verbs.includes("list") &&
      !skip.has(resource.name),
  );
}

/** A kind's names: cached, or listed now if the identity may list it cluster-wide; undefined if late. */
async function namesOf(
  scope: ClusterScope,
  resource: ServedResource,
  key: string,
  isLate: () => boolean,
): Promise<CachedNames | undefined> {
  // Asked before the cache too (the verdict is cached briefly itself): kept names never outlive it.
  if (!(await mayInScope(scope, resource, "list"))) return { rows: [], partial: false, expiresAt: 0 };
  const cached = names.get(key);
  if (fresh(cached)) return cached;
  const running = inFlight.get(key);
  if (running) return running;
  const listing = limiterOf(scope.cluster.id).run(async () => {
    // Waited for a slot past the search's deadline: nobody will read it, so do not list.
    if (isLate()) return undefined;
    return listNames(scope, resource, key);
  });
  inFlight.set(key, listing);
  // listNames never rejects (a failure is an empty, partial answer).
  void listing.then(() => inFlight.delete(key));
  return listing;
}

async function listNames(scope: ClusterScope, resource: ServedResource, key: string): Promise<CachedNames> {
  const started = performance.now();
  let read: CachedNames;
  try {
    const list = await callCluster<{ items?: KubeObject[]; metadata?: { continue?: string } }>(scope.connection, {
      path: `${collectionPath(resource)}?limit=${UNWATCHED_LIST_LIMIT}`,
      impersonate: scope.impersonate,
      timeoutMs: LIST_TIMEOUT_MS,
      maxBytes: LIST_MAX_BYTES,
    });
    read = { rows: namedRows(resource, list.items ?? []), partial: Boolean(list.metadata?.continue), expiresAt: 0 };
  } catch (error) {
    // A kind that fails to list is remembered as empty for the same while: typing must not retry it.
    log.debug("palette search could not list a custom kind", {
      clusterId: scope.cluster.id,
      resource: resource.name,
      error: String(error),
    });
    read = { rows: [], partial: false, expiresAt: 0 };
  } finally {
    const seconds = (performance.now() - started) / 1000;
    getMetrics().clusterRequestDuration.observe({ cluster: scope.cluster.id, verb: "list" }, seconds);
  }
  read.expiresAt = Date.now() + NAMES_TTL_MS;
  remember(key, read);
  return read;
}

/** Name, namespace and status of each object; nothing else of it is kept. */
function namedRows(resource: ServedResource, items: KubeObject[]): NamedRow[] {
  const definition = genericDefinition(resource);
  return items.flatMap((object) => {
    if (typeof object?.metadata?.name !== "string") return [];
    const row = projectRow(definition, object);
    return [
      {
        ...(row.namespace && { namespace: row.namespace }),
        name: row.name,
        status: { label: row.status.label, tone: row.status.tone },
      },
    ];
  });
}

function remember(key: string, read: CachedNames) {
  forget(key);
  names.set(key, read);
  cachedRows += read.rows.length;
  // Oldest first: expired kinds, then whatever it takes to stay within the bound.
  for (const [oldKey, entry] of names) {
    if (cachedRows <= MAX_CACHED_ROWS && fresh(entry)) break;
    if (oldKey !== key) forget(oldKey);
  }
}

function forget(key: string) {
  const entry = names.get(key);
  if (!entry) return;
  cachedRows -= entry.rows.length;
  names.delete(key);
}

function fresh(entry: CachedNames | undefined): entry is CachedNames {
  return entry !== undefined && Date.now() < entry.expiresAt;
}

function limiterOf(clusterId: string): Limiter {
  let limiter = limiters.get(clusterId);
  if (!limiter) {
    limiter = createLimiter(LISTS_PER_CLUSTER);
    limiters.set(clusterId, limiter);
  }
  return limiter;
}

/** Whose view the names are: the person in impersonation mode, else the stored credential. */
function identityKey(scope: ClusterScope): string {
  return scope.impersonate ? `as:${scope.impersonate.user}:${scope.impersonate.groups.join(",")}` : "credential";
}
