"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { clusterHealthPayload } from "@/lib/realtime/contract";
import { useRealtimeEvent } from "@/lib/realtime/browser-socket";
import type { ClusterHealthData, ClusterSummary } from "./types";

/**
 * The newest health the page has heard of, per cluster: from `cluster:health` pushes and from
 * "Check now" answers. One store per page, so the cards, the overview list and the top bar's
 * switcher always agree.
 */
let heard: ReadonlyMap<string, ClusterHealthData> = new Map();
const listeners = new Set<() => void>();
const NOTHING_HEARD: ReadonlyMap<string, ClusterHealthData> = new Map();

export function recordClusterHealth(clusterId: string, health: ClusterHealthData) {
  const current = heard.get(clusterId);
  if (current && !isNewer(health, current)) return;
  heard = new Map(heard).set(clusterId, health);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The server pushes `cluster:health` to everyone in the org when a cluster's health changes.
 * Pushed health overrides the server-rendered one unless the render is newer (by checkedAt).
 * A push about a cluster this page has not rendered yet (just added, maybe elsewhere) refreshes it.
 */
export function useLiveClusters<C extends Pick<ClusterSummary, "id" | "health">>(clusters: C[]): C[] {
  const router = useRouter();
  const live = useSyncExternalStore(
    subscribe,
    () => heard,
    () => NOTHING_HEARD,
  );
  const knownIds = useRef(new Set<string>());
  const refreshedFor = useRef(new Set<string>());

  useEffect(() => {
    knownIds.current = new Set(clusters.map((cluster) => cluster.id));
  }, [clusters]);

  useRealtimeEvent("cluster:health", (payload) => {
    // The frame crossed a network boundary: take it only if it has the contract's shape.
    const parsed = clusterHealthPayload.safeParse(payload);
    if (!parsed.success) return;
    const update = parsed.data;
    recordClusterHealth(update.clusterId, update.health);
    if (!knownIds.current.has(update.clusterId) && !refreshedFor.current.has(update.clusterId)) {
      refreshedFor.current.add(update.clusterId);
      router.refresh();
    }
  });

  return clusters.map((cluster) => {
    const pushed = live.get(cluster.id);
    return pushed && isNewer(pushed, cluster.health) ? { ...cluster, health: pushed } : cluster;
  });
}

function isNewer(candidate: ClusterHealthData, current: ClusterHealthData) {
  if (!current.checkedAt) return true;
  return !!candidate.checkedAt && candidate.checkedAt >= current.checkedAt;
}
