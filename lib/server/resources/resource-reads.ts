/**
 * The REST reads of the resource engine (docs/realtime.md, "REST"): the same cluster scope and
 * authorization as a socket subscription, answered from the watch hub's cached rows.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { KubeObject, ResourceRow, ServedResource } from "@/lib/resources/types";
import type { UpstreamStatus } from "@/lib/wire/watch";
import type { OrgContext } from "../auth/actor";
import { listServedResources } from "../k8s/discovery";
import { getMetrics } from "../metrics";
import { callCluster } from "../k8s/request";
import { objectPath } from "../k8s/resource-path";
import { MAX_PAGE_SIZE, type RowPage } from "../k8s/row-query";
import { scrubObject } from "../k8s/scrub";
import { getWatchHub } from "../k8s/watch-hub";
import { assertWatchable, openClusterScope, requireInScope, resolveInScope, watchSpecIn } from "./cluster-scope";

/** A first list of a view not yet open waits this long at most; then the caller hears UNAVAILABLE. */
const FIRST_SYNC_TIMEOUT_MS = 30_000;
const OBJECT_MAX_BYTES = 4 * 1024 * 1024;

export type ListParams = {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  filter?: string;
  /** A column id; `-` in front sorts descending. */
  sort?: string;
  limit?: number;
  continue?: string;
};

const listParams = z.object({
  namespace: z.string().min(1).max(63).optional(),
  labelSelector: z.string().max(1024).optional(),
  fieldSelector: z.string().max(1024).optional(),
  filter: z.string().max(256).optional(),
  sort: z
    .string()
    .regex(/^-?[A-Za-z0-9_.-]{1,64}$/, "a column id, with - in front to sort descending")
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  continue: z.string().max(2048).optional(),
});

/** The list route's query string, checked; a problem is INVALID_INPUT naming the parameter. */
export function listParamsFrom(url: URL): ListParams {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([key]) => key in listParams.shape));
  const parsed = listParams.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join(".") || "query";
  throw new AppError("INVALID_INPUT", `${path}: ${issue.message}`, path);
}

/**
 * One page of rows. Served from the hub: an open view answers at once; otherwise a view opens,
 * lists (the caller waits for that, bounded) and lingers for the next page or the next viewer.
 */
export async function listResourceRows(
  context: OrgContext,
  clusterId: string,
  resourceName: string,
  params: ListParams,
): Promise<{ items: RowPage["rows"]; total: number; continue?: string; status: UpstreamStatus }> {
  const scope = await openClusterScope(context, clusterId);
  const resource = await resolveInScope(scope, resourceName);
  assertWatchable(resource);
  await requireInScope(scope, resource, ["list", "watch"], params.namespace);
  const sort = sortOf(params.sort, resource.definition.columns);
  const handle = getWatchHub().acquire(watchSpecIn(scope, resource, params));
  try {
    const status = await settled(handle.firstSync());
    refuseIfRefused(status);
    const page = handle.query({ filter: params.filter, sort, limit: params.limit, continue: params.continue });
    return {
      items: page.rows,
      total: page.total,
      ...(page.continue && { continue: page.continue }),
      status: page.status,
    };
  } finally {
    handle.release();
  }
}

/**
 * Every cached row of a cluster-wide view, for aggregates (the fleet home's counts): the same
 * scope and authorization as a list page, waiting at most `waitMs` for a first list. The view
 * lingers after, so the next read is answered from the cache.
 */
export async function readAllRows(
  context: OrgContext,
  clusterId: string,
  resourceName: string,
  waitMs: number,
): Promise<ResourceRow[]> {
  const scope = await openClusterScope(context, clusterId);
  const resource = await resolveInScope(scope, resourceName);
  assertWatchable(resource);
  await requireInScope(scope, resource, ["list", "watch"]);
  const handle = getWatchHub().acquire(watchSpecIn(scope, resource, {}));
  try {
    refuseIfRefused(await settled(handle.firstSync(), waitMs));
    return handle.snapshot().rows;
  } finally {
    handle.release();
  }
}

/**
 * One object as the acting identity may `get` it, redacted by its kind, without managedFields
 * or the last-applied annotation, and without any Secret value (scrub.ts).
 */
export async function getResourceObject(
  context: OrgContext,
  clusterId: string,
  resourceName: string,
  namespace: string | undefined,
  name: string,
): Promise<KubeObject> {
  const scope = await openClusterScope(context, clusterId);
  const resource = await resolveInScope(scope, resourceName);
  if (resource.namespaced && namespace === undefined) {
    throw new AppError("INVALID_INPUT", `${resource.name} live in namespaces: name one instead of _`, "namespace");
  }
  if (!resource.namespaced && namespace !== undefined) {
    throw new AppError("INVALID_INPUT", `${resource.name} are cluster-scoped: use _ as the namespace`, "namespace");
  }
  await requireInScope(scope, resource, ["get"], namespace);
  const started = performance.now();
  try {
    const object = await callCluster<KubeObject>(scope.connection, {
      path: objectPath(resource, name, namespace),
      impersonate: scope.impersonate,
      maxBytes: OBJECT_MAX_BYTES,
    });
    return scrubObject(object, resource, resource.definition.redact);
  } finally {
    const seconds = (performance.now() - started) / 1000;
    getMetrics().clusterRequestDuration.observe({ cluster: clusterId, verb: "get" }, seconds);
  }
}

export type ServedKind = ServedResource & { builtIn: boolean };

/**
 * What the cluster serves: built-in kinds (Pilothouse's registry) at the version chosen for this
 * cluster, then CRDs and the rest, as discovery reports them.
 */
export async function listClusterKinds(context: OrgContext, clusterId: string): Promise<ServedKind[]> {
  const scope = await openClusterScope(context, clusterId);
  return listServedResources(scope.connectionKey, scope.connection);
}

function sortOf(sort: string | undefined, columns: readonly { id: string; value: (row: never) => unknown }[]) {
  if (!sort) return undefined;
  const direction = sort.startsWith("-") ? ("desc" as const) : ("asc" as const);
  const id = sort.replace(/^-/, "");
  const column = columns.find((candidate) => candidate.id === id);
  if (!column) throw new AppError("INVALID_INPUT", `sort: there is no column "${id.slice(0, 64)}"`, "sort");
  return { id, value: column.value as never, direction };
}

async function settled(
  sync: Promise<UpstreamStatus>,
  waitMs = FIRST_SYNC_TIMEOUT_MS,
): Promise<UpstreamStatus | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
  try {
    return await Promise.race([sync, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function refuseIfRefused(status: UpstreamStatus | undefined) {
  if (!status) throw new AppError("UNAVAILABLE", "The cluster is still listing this resource; try again shortly.");
  const code = status.reason?.code;
  if (code === "FORBIDDEN" || code === "UNAUTHORIZED") throw new AppError("FORBIDDEN", status.reason!.message);
  if (code === "NOT_FOUND") throw new AppError("NOT_FOUND", status.reason!.message);
  if (code === "TOO_LARGE") throw new AppError("UNAVAILABLE", status.reason!.message);
  if (status.state !== "live" && code === "UNREACHABLE") {
    throw new AppError("CLUSTER_UNREACHABLE", status.reason!.message);
  }
}
