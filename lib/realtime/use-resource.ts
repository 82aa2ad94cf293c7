"use client";

import { useEffect, useState } from "react";
import type { RealtimeError } from "./contract";
import type { LiveRow, LiveState } from "./live-list";
import { useResourceList } from "./use-resource-list";

export type ResourceState<T> = {
  /** The object's row, live. */
  row?: LiveRow;
  /** The full object (REST, redacted: no Secret values, no managedFields), refetched when the row changes. */
  object?: T;
  /** The object is gone (deleted, or not visible to you). */
  missing: boolean;
  state: LiveState;
  since: string;
  error?: RealtimeError;
};

/**
 * One object, live: its row from a watch narrowed to its name, and the full object fetched
 * again whenever its resourceVersion moves. `namespace` is unset for cluster-scoped kinds.
 */
export function useResource<T = unknown>(options: {
  clusterId: string;
  resource: string;
  namespace?: string;
  name: string;
}): ResourceState<T> {
  const { clusterId, resource, namespace, name } = options;
  const list = useResourceList({ clusterId, resource, namespace, fieldSelector: `metadata.name=${name}` });
  const row = list.rows[0];
  const version = row?.resourceVersion;
  const [fetched, setFetched] = useState<{ version: string; object?: T; error?: RealtimeError }>();
  useEffect(() => {
    if (!version) return;
    const controller = new AbortController();
    const url = `/api/v1/clusters/${encodeURIComponent(clusterId)}/resources/${encodeURIComponent(resource)}/${encodeURIComponent(namespace ?? "_")}/${encodeURIComponent(name)}`;
    fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then(async (response) => {
        const body = (await response.json()) as { object?: T; error?: RealtimeError };
        setFetched({ version, object: body.object, error: body.error });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setFetched({ version, error: { code: "UNAVAILABLE", message: String(error) } });
      });
    return () => controller.abort();
  }, [clusterId, resource, namespace, name, version]);
  const error = list.error ?? fetched?.error;
  return {
    ...(row && { row }),
    ...(fetched?.object !== undefined && { object: fetched.object }),
    missing: list.sources.length > 0 && !row && !list.error,
    state: list.state,
    since: list.since,
    ...(error && { error }),
  };
}
