"use client";

import { useEffect, useMemo, useSyncExternalStore } from "react";
import { getBrowserSocket } from "./browser-socket";
import type { WatchQuery, WatchSubscribeRequest } from "./contract";
import { LiveList, type LiveListState } from "./live-list";

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

const IDLE: LiveListState = {
  rows: [],
  total: 0,
  state: "reconnecting",
  since: new Date(0).toISOString(),
  sources: [],
  resourceVersion: "",
};

/**
 * A live list of rows: a snapshot, then deltas (or server-side windows with `window`), kept right
 * across reconnects, with the honest state: live, reconnecting, or stale since a time.
 * Changing any option subscribes afresh; leaving unsubscribes.
 */
export function useResourceList(options: ResourceListOptions): LiveListState {
  const key = options.enabled === false ? "" : JSON.stringify(requestOf(options));
  const list = useMemo(
    () => (key ? new LiveList(getBrowserSocket(), JSON.parse(key) as WatchSubscribeRequest) : undefined),
    [key],
  );
  useEffect(() => {
    if (!list) return;
    list.start();
    return () => list.dispose();
  }, [list]);
  return useSyncExternalStore(list?.onChange ?? noSubscription, list?.getState ?? idle, idle);
}

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

function noSubscription() {
  return () => undefined;
}

function idle() {
  return IDLE;
}
