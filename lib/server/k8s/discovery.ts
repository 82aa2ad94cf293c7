/**
 * What a cluster serves, and at which version (docs/kinds.md): discovery documents fetched
 * through the guarded client, turned into a catalog by lib/resources/versions.ts, cached per
 * (cluster, credential version). Custom resources get their columns from their CRD, fetched by
 * name when first resolved and cached alike.
 */
import { AppError } from "@/lib/errors";
import { definitionFromCrd, genericDefinition } from "@/lib/resources/custom";
import type { KindDefinition, ResourceName, ServedResource } from "@/lib/resources/types";
import {
  findServed,
  groupVersionPaths,
  servedCatalog,
  snapshotFromDocuments,
  type ServedCatalog,
} from "@/lib/resources/versions";
import type { ClusterConnection } from "./connection";
import { callCluster } from "./request";

/** How long a complete catalog is trusted; a partial one (a group-version did not answer) is retried sooner. */
const CATALOG_TTL_MS = 10 * 60_000;
const PARTIAL_CATALOG_TTL_MS = 60_000;
/** A name the catalog does not know triggers at most one refresh per this interval (new CRDs appear). */
const MISS_REFRESH_INTERVAL_MS = 30_000;
/** Discovery calls in flight at once for one cluster. */
const CONCURRENCY = 6;
/** Group-versions fetched at most; clusters with many operators serve ~100. */
const MAX_GROUP_VERSIONS = 400;
/** The largest discovery document in practice (/api/v1) is ~30 KB. */
const DOCUMENT_MAX_BYTES = 1024 * 1024;
/** A CRD carries its whole OpenAPI schema; some operators' exceed 1 MB (etcd holds up to 1.5 MB). */
const CRD_MAX_BYTES = 3 * 1024 * 1024;
const CALL_TIMEOUT_MS = 10_000;
/** Cached clusters × credential versions; old credential versions age out. */
const MAX_ENTRIES = 1_000;

export type ResolvedResource = ServedResource & { definition: KindDefinition };

type Snapshot = { catalog: ServedCatalog; failed: readonly string[] };
type Entry = {
  snapshot: Promise<Snapshot>;
  expiresAt: number;
  lastMissRefresh: number;
  /** Custom resource definitions built from their CRDs, by resource name; they expire with the entry. */
  definitions: Map<ResourceName, Promise<KindDefinition>>;
};

const globalForDiscovery = globalThis as unknown as { pilothouseDiscovery?: Map<string, Entry> };
const cache: Map<string, Entry> = (globalForDiscovery.pilothouseDiscovery ??= new Map());

/**
 * The served resource `name` stands for on this cluster, with the definition that projects it.
 * `connectionKey` identifies (cluster, credential version), like getClusterConnection's cache.
 */
export async function resolveResource(
  connectionKey: string,
  connection: ClusterConnection,
  name: ResourceName,
): Promise<ResolvedResource> {
  if (!/^[a-z0-9]([-a-z0-9.]{0,252}[a-z0-9])?$/.test(name))
    throw new AppError("INVALID_INPUT", `"${name.slice(0, 64)}" is not a resource name`, "resource");
  let entry = await freshEntry(connectionKey, connection);
  let snapshot = await entry.snapshot;
  let served = findServed(snapshot.catalog, name);
  if (!served && Date.now() - entry.lastMissRefresh > MISS_REFRESH_INTERVAL_MS) {
    entry = refresh(connectionKey, connection, Date.now());
    snapshot = await entry.snapshot;
    served = findServed(snapshot.catalog, name);
  }
  if (!served) throw notServed(name, snapshot.failed);
  if ("definition" in served) return served;
  return { ...served, definition: await customDefinition(entry, connection, snapshot.catalog, served) };
}

/** Every listable resource the cluster serves (built-ins at their chosen versions, then CRDs and the rest). */
export async function listServedResources(
  connectionKey: string,
  connection: ClusterConnection,
): Promise<ServedResource[]> {
  const { catalog } = await (await freshEntry(connectionKey, connection)).snapshot;
  const known = catalog.known.map(({ definition: _definition, ...resource }) => resource);
  return [...known, ...catalog.other];
}

async function freshEntry(connectionKey: string, connection: ClusterConnection): Promise<Entry> {
  const entry = cache.get(connectionKey);
  if (entry && Date.now() < entry.expiresAt) return entry;
  return refresh(connectionKey, connection, entry?.lastMissRefresh ?? 0);
}

function refresh(connectionKey: string, connection: ClusterConnection, lastMissRefresh: number): Entry {
  const entry: Entry = {
    snapshot: fetchSnapshot(connection),
    expiresAt: Date.now() + CATALOG_TTL_MS,
    lastMissRefresh,
    definitions: new Map(),
  };
  cache.delete(connectionKey);
  cache.set(connectionKey, entry);
  evictOldest();
  entry.snapshot.then(
    ({ failed }) => {
      if (failed.length > 0) entry.expiresAt = Math.min(entry.expiresAt, Date.now() + PARTIAL_CATALOG_TTL_MS);
    },
    // A failed discovery is not cached: the next call tries again.
    () => cache.get(connectionKey) === entry && cache.delete(connectionKey),
  );
  return entry;
}

function evictOldest() {
  for (const key of cache.keys()) {
    if (cache.size <= MAX_ENTRIES) return;
    cache.delete(key);
  }
}

async function fetchSnapshot(connection: ClusterConnection): Promise<Snapshot> {
  const get = (path: string) =>
    callCluster<unknown>(connection, { path, timeoutMs: CALL_TIMEOUT_MS, maxBytes: DOCUMENT_MAX_BYTES });
  // The core list and the group list are required; without them there is no catalog at all.
  const [core, apis] = await Promise.all([get("/api/v1"), get("/apis")]);
  const paths = groupVersionPaths(apis).slice(0, MAX_GROUP_VERSIONS);
  const documents: Record<string, unknown> = { "/api/v1": core, "/apis": apis };
  // One group-version that fails (an aggregated API whose backend is down) only loses its own resources.
  await forEachLimited(paths, CONCURRENCY, async (path) => {
    documents[path] = await get(path).catch(() => undefined);
  });
  const snapshot = snapshotFromDocuments(documents);
  return { catalog: servedCatalog(snapshot), failed: snapshot.failed };
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function notServed(name: ResourceName, failed: readonly string[]): AppError {
  const group = name.includes(".") ? name.slice(name.indexOf(".") + 1) : "";
  const silent = failed.find((groupVersion) => groupVersion.startsWith(`${group}/`));
  return new AppError(
    "NOT_FOUND",
    silent
      ? `This cluster does not serve ${name} right now: its API ${silent} did not answer discovery.`
      : `This cluster does not serve ${name}.`,
  );
}

/**
 * A resource without a kind file: a custom resource gets its printer columns from its CRD
 * (named `<plural>.<group>` by API rule); when there is none, or the credential may not read
 * CRDs, it is shown with name, age and a Ready condition.
 */
function customDefinition(
  entry: Entry,
  connection: ClusterConnection,
  catalog: ServedCatalog,
  served: ServedResource,
): Promise<KindDefinition> {
  const cached = entry.definitions.get(served.name);
  if (cached) return cached;
  const crdApi = findServed(catalog, "customresourcedefinitions.apiextensions.k8s.io");
  const definition = !crdApi
    ? Promise.resolve(genericDefinition(served))
    : callCluster<Record<string, unknown>>(connection, {
        path: `/apis/apiextensions.k8s.io/${encodeURIComponent(crdApi.version)}/customresourcedefinitions/${encodeURIComponent(served.name)}`,
        timeoutMs: CALL_TIMEOUT_MS,
        maxBytes: CRD_MAX_BYTES,
      }).then(
        (crd) => definitionFromCrd(crd, served.version),
        (error: unknown) => {
          if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN"))
            return genericDefinition(served);
          entry.definitions.delete(served.name);
          throw error;
        },
      );
  entry.definitions.set(served.name, definition);
  return definition;
}
