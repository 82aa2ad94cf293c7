/**
 * The `watch:subscribe` request of a live list, built the same way in the browser (the hook) and
 * on the server (the first window rendered into the page's HTML), so both name one subscription.
 * Isomorphic.
 */
import type { WatchQuery, WatchSubscribeRequest } from "./contract";
import type { LiveRow, SourceState } from "./live-list";

export type ResourceListOptions = {
  /** One cluster, or several (`clusterIds`) for a cross-cluster list whose rows carry their clusterId. */
  clusterId?: string;
  clusterIds?: readonly string[];
  /** As kubectl spells it: `pods`, `deployments.apps`. */
  resource: string;
  namespace?: string;
  namespaces?: readonly string[];
  labelSelector?: string;
  fieldSelector?: string;
  /** With a window, the server filters, sorts and sends only these rows, plus the total. */
  filter?: string;
  sort?: WatchQuery["sort"];
  window?: WatchQuery["window"];
  /** false: subscribe to nothing (e.g. until a cluster is chosen). */
  enabled?: boolean;
};

/**
 * The first rows of a windowed list as the server rendered them from the watch hub's cache
 * (docs/resource-views.md, "The first screen"). Shown until the live subscription's first window
 * replaces them; `key` is the subscription they belong to (they are used only for that one).
 */
export type FirstWindow = {
  key: string;
  offset: number;
  total: number;
  rows: LiveRow[];
  /** The cache's upstreams as they were: a stale one says so on screen until the socket answers. */
  sources: SourceState[];
  /** The server's clock at render (ms): ages in the HTML are computed against it. */
  renderedAt: number;
};

export function requestOf(options: ResourceListOptions): WatchSubscribeRequest {
  const { clusterId, clusterIds, resource, namespace, namespaces, labelSelector, fieldSelector } = options;
  return {
    ...(clusterIds ? { clusterIds: [...clusterIds] } : { clusterId }),
    resource,
    ...(namespace !== undefined && { namespace }),
    ...(namespaces && { namespaces: [...namespaces] }),
    ...(labelSelector && { labelSelector }),
    ...(fieldSelector && { fieldSelector }),
    ...(options.window && {
      query: {
        window: options.window,
        ...(options.filter && { filter: options.filter }),
        ...(options.sort && { sort: options.sort }),
      },
    }),
  };
}

/** The identity of a subscription: equal keys, equal requests. */
export function subscriptionKey(options: ResourceListOptions): string {
  return options.enabled === false ? "" : JSON.stringify(requestOf(options));
}

/** What a kind's list page subscribes to for a view (its URL state) and a window. */
export function listOptionsOf(
  clusterId: string,
  resource: { name: string; namespaced: boolean },
  view: {
    clusterIds: readonly string[];
    labelSelector: string;
    namespaces: readonly string[];
    filter: string;
    sort?: WatchQuery["sort"];
  },
  window: WatchQuery["window"],
): ResourceListOptions {
  const clusterIds = view.clusterIds.length > 0 ? view.clusterIds : [clusterId];
  const crossCluster = clusterIds.length > 1 || clusterIds[0] !== clusterId;
  return {
    ...(crossCluster ? { clusterIds } : { clusterId }),
    resource: resource.name,
    ...(view.labelSelector && { labelSelector: view.labelSelector }),
    ...(resource.namespaced && view.namespaces.length > 0 && { namespaces: view.namespaces }),
    ...(view.filter && { filter: view.filter }),
    ...(view.sort && { sort: view.sort }),
    window,
  };
}
