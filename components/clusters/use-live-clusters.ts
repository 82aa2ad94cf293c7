"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { clusterHealthPayload } from "@/lib/realtime/contract";
import { useRealtimeEvent } from "@/lib/realtime/browser-socket";
import type { ClusterHealthData, ClusterSummary } from "./types";

/**
 * The server pushes `cluster:health` to everyone in the org when a cluster's status changes.
 * Pushed health overrides the server-rendered one unless the render is newer (by checkedAt).
 * A push about a cluster this page has not rendered yet (just added, maybe elsewhere) refreshes it.
 */
export function useLiveClusters(clusters: ClusterSummary[]): ClusterSummary[] {
  const router = useRouter();
  const [pushed, setPushed] = useState<Record<string, ClusterHealthData>>({});
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
    setPushed((current) => ({ ...current, [update.clusterId]: update.health }));
    if (!knownIds.current.has(update.clusterId) && !refreshedFor.current.has(update.clusterId)) {
      refreshedFor.current.add(update.clusterId);
      router.refresh();
    }
  });

  return clusters.map((cluster) => {
    const live = pushed[cluster.id];
    return live && isNewer(live, cluster.health) ? { ...cluster, health: live } : cluster;
  });
}

function isNewer(candidate: ClusterHealthData, current: ClusterHealthData) {
  if (!current.checkedAt) return true;
  return !!candidate.checkedAt && candidate.checkedAt >= current.checkedAt;
}
