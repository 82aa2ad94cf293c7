"use client";

import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { getBrowserSocket } from "./browser-socket";
import type { WatchSubscribeRequest } from "./contract";
import { type FirstWindow, type ResourceListOptions, subscriptionKey } from "./list-request";
import { LiveList, type LiveListState } from "./live-list";

export type { ResourceListOptions } from "./list-request";

const IDLE: LiveListState = {
  rows: [],
  total: 0,
  state: "connecting",
  since: new Date(0).toISOString(),
  sources: [],
  resourceVersion: "",
};

/**
 * A live list of rows: a snapshot, then deltas (or server-side windows with `window`), kept right
 * across reconnects, with the honest state: connecting, live, reconnecting, or stale since a time.
 * Changing any option subscribes afresh; leaving unsubscribes.
 *
 * `first`: the rows the server rendered into the page for this same subscription. They are shown
 * (in the HTML and through hydration, so nothing flashes) until the subscription's first window
 * replaces them; the state stays "connecting" until then, since nothing live confirmed them yet.
 */
export function useResourceList(options: ResourceListOptions, first?: FirstWindow): LiveListState {
  const key = subscriptionKey(options);
  // Only the page's first subscription is seeded: coming back to it later, its rows would be old.
  const [fresh, setFresh] = useState(true);
  if (fresh && key !== first?.key) setFresh(false);
  const seed = fresh && first?.key === key ? first : undefined;
  const seeded = useMemo(() => (seed ? seededState(seed) : IDLE), [seed]);
  const list = useMemo(
    () =>
      key && typeof window !== "undefined"
        ? new LiveList(getBrowserSocket(), JSON.parse(key) as WatchSubscribeRequest, seed)
        : undefined,
    [key, seed],
  );
  useEffect(() => {
    if (!list) return;
    list.start();
    return () => list.dispose();
  }, [list]);
  return useSyncExternalStore(list?.onChange ?? noSubscription, list?.getState ?? (() => seeded), () => seeded);
}

function seededState(first: FirstWindow): LiveListState {
  return { ...IDLE, rows: first.rows, total: first.total, sources: first.sources };
}

function noSubscription() {
  return () => undefined;
}
