"use client";

import { useEffect, useMemo, useSyncExternalStore } from "react";
import { getBrowserSocket } from "./browser-socket";
import type { AggregateSubscribeRequest } from "./contract";
import { LiveAggregateClient, type AggregateState } from "./live-aggregate";

const NEVER = new Date(0).toISOString();
const IDLE: AggregateState<never> = {
  data: null,
  state: "connecting",
  since: NEVER,
  connection: { state: "connecting", since: NEVER },
};

/**
 * Figures the server computes and pushes (the cluster overview, the fleet home, the events
 * page's groups): the latest, and how fresh. Changing the request subscribes afresh; null
 * subscribes to nothing.
 */
export function useAggregate<T>(
  request: AggregateSubscribeRequest | null,
  /** Subscribe again when this changes (the fleet: a cluster became reachable). */
  epoch = "",
): AggregateState<T> {
  const key = request ? JSON.stringify(request) : "";
  const client = useMemo(
    () =>
      key ? new LiveAggregateClient<T>(getBrowserSocket(), JSON.parse(key) as AggregateSubscribeRequest) : undefined,
    // The epoch only forces a new subscription; the request is the key's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, epoch],
  );
  useEffect(() => {
    if (!client) return;
    client.start();
    return () => client.dispose();
  }, [client]);
  return useSyncExternalStore(client?.onChange ?? noSubscription, client?.getState ?? idle, idle);
}

function noSubscription() {
  return () => undefined;
}

function idle(): AggregateState<never> {
  return IDLE;
}
