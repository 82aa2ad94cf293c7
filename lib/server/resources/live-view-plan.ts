/**
 * From a `watch:subscribe` request to the upstream views that serve it, each authorized for the
 * caller on its own (docs/realtime.md, "The path of a subscription"): the cluster in the caller's
 * org, the resource it serves, the acting identity's RBAC for list and watch where the view looks.
 */
import { AppError } from "@/lib/errors";
import type { WatchQuery, WatchSubscribeRequest } from "@/lib/realtime/contract";
import type { KindDefinition } from "@/lib/resources/types";
import type { UpstreamReasonCode } from "@/lib/wire/watch";
import type { OrgContext } from "../auth/actor";
import type { ResolvedResource } from "../k8s/discovery";
import type { RowQuery } from "../k8s/row-query";
import { watchKey, type WatchSpec } from "../k8s/watch-hub";
import {
  assertWatchable,
  mayInScope,
  openClusterScope,
  requireInScope,
  resolveInScope,
  type ClusterScope,
  watchSpecIn,
} from "./cluster-scope";

/** One upstream view feeding a subscription; `namespaces` filters a cluster-wide watch to a few. */
export type SourcePlan = { clusterId: string; spec: WatchSpec; namespaces?: ReadonlySet<string> };

/** A cluster of a cross-cluster list that contributes nothing, and why (sent as its status). */
export type RefusedCluster = { clusterId: string; code: UpstreamReasonCode; message: string };

export type WindowPlan = Omit<RowQuery, "limit" | "continue"> & { offset: number; limit: number };

export type LiveViewPlan = {
  /** Subscriptions with the same key share a room: same upstreams, same filter, same window. */
  key: string;
  sources: SourcePlan[];
  refused: RefusedCluster[];
  /** Rows name their cluster on the wire. */
  crossCluster: boolean;
  window?: WindowPlan;
};

export async function planLiveView(context: OrgContext, request: WatchSubscribeRequest): Promise<LiveViewPlan> {
  const crossCluster = request.clusterIds !== undefined;
  const clusterIds = [...new Set(request.clusterIds ?? [request.clusterId!])];
  const planned = await Promise.all(
    clusterIds.map(async (clusterId) => {
      try {
        return { clusterId, ...(await planCluster(context, clusterId, request)) };
      } catch (error) {
        // One cluster of a cross-cluster list that the caller may not see is named, not fatal.
        if (!crossCluster || !(error instanceof AppError)) throw error;
        return { clusterId, refused: refusalOf(clusterId, error) };
      }
    }),
  );
  const sources = planned.flatMap((entry) => ("sources" in entry ? entry.sources : []));
  const refused = planned.flatMap((entry) => ("refused" in entry && entry.refused ? [entry.refused] : []));
  const definition = planned.find((entry) => "definition" in entry)?.definition;
  const window = request.query && definition ? windowOf(request.query, definition) : undefined;
  return { key: roomKey(sources, crossCluster, request.query), sources, refused, crossCluster, window };
}

async function planCluster(context: OrgContext, clusterId: string, request: WatchSubscribeRequest) {
  const scope = await openClusterScope(context, clusterId);
  const resource = await resolveInScope(scope, request.resource);
  assertWatchable(resource);
  const view = { labelSelector: request.labelSelector, fieldSelector: request.fieldSelector };
  const namespaces = request.namespaces ?? (request.namespace !== undefined ? [request.namespace] : undefined);
  const sources = await sourcesFor(scope, resource, namespaces, view);
  return { sources, definition: resource.definition };
}

/**
 * All namespaces: one cluster-wide watch. One namespace: its own watch. Several: one cluster-wide
 * watch filtered here when the identity may list everywhere, else one watch per namespace
 * (a namespace-scoped identity cannot watch cluster-wide), merged.
 */
async function sourcesFor(
  scope: ClusterScope,
  resource: ResolvedResource,
  namespaces: readonly string[] | undefined,
  view: { labelSelector?: string; fieldSelector?: string },
): Promise<SourcePlan[]> {
  const clusterId = scope.cluster.id;
  const verbs = ["list", "watch"] as const;
  if (namespaces && !resource.namespaced) {
    throw new AppError("INVALID_INPUT", `${resource.name} do not live in namespaces`, "namespace");
  }
  if (!namespaces || namespaces.length === 1) {
    await requireInScope(scope, resource, verbs, namespaces?.[0]);
    return [{ clusterId, spec: watchSpecIn(scope, resource, { ...view, namespace: namespaces?.[0] }) }];
  }
  const unique = [...new Set(namespaces)].sort();
  const everywhere = await Promise.all(verbs.map((verb) => mayInScope(scope, resource, verb)));
  if (everywhere.every(Boolean)) {
    return [{ clusterId, spec: watchSpecIn(scope, resource, view), namespaces: new Set(unique) }];
  }
  for (const namespace of unique) await requireInScope(scope, resource, verbs, namespace);
  return unique.map((namespace) => ({ clusterId, spec: watchSpecIn(scope, resource, { ...view, namespace }) }));
}

function refusalOf(clusterId: string, error: AppError): RefusedCluster {
  const code: UpstreamReasonCode =
    error.code === "NOT_FOUND" ? "NOT_FOUND" : error.code === "FORBIDDEN" ? "FORBIDDEN" : "UNREACHABLE";
  return { clusterId, code, message: error.message };
}

function windowOf(query: WatchQuery, definition: KindDefinition): WindowPlan {
  let sort: RowQuery["sort"];
  if (query.sort) {
    const column = definition.columns.find((candidate) => candidate.id === query.sort!.column);
    if (!column) {
      throw new AppError(
        "INVALID_INPUT",
        `query.sort.column: ${definition.kind} has no column "${query.sort.column}"`,
        "query.sort.column",
      );
    }
    sort = { id: column.id, value: column.value, direction: query.sort.direction };
  }
  return { filter: query.filter, sort, offset: query.window.offset, limit: query.window.limit };
}

function roomKey(sources: readonly SourcePlan[], crossCluster: boolean, query: WatchQuery | undefined): string {
  const upstreams = sources.map((source) => [watchKey(source.spec), [...(source.namespaces ?? [])]]);
  return JSON.stringify([upstreams, crossCluster, query ?? null]);
}
