"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";
import { REALTIME_PATH, SERVER_EVENTS } from "@/lib/realtime/events";
import type { ClusterHealthData, ClusterSummary } from "./types";

const STATUSES = new Set(["unknown", "healthy", "unreachable"]);

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

  useEffect(() => {
    const socket = io({ path: REALTIME_PATH, transports: ["websocket"] });
    socket.on(SERVER_EVENTS.clusterHealth, (payload: unknown) => {
      const update = readPayload(payload);
      if (!update) return;
      setPushed((current) => ({ ...current, [update.clusterId]: update.health }));
      if (!knownIds.current.has(update.clusterId) && !refreshedFor.current.has(update.clusterId)) {
        refreshedFor.current.add(update.clusterId);
        router.refresh();
      }
    });
    return () => {
      socket.disconnect();
    };
  }, [router]);

  return clusters.map((cluster) => {
    const live = pushed[cluster.id];
    return live && isNewer(live, cluster.health) ? { ...cluster, health: live } : cluster;
  });
}

function isNewer(candidate: ClusterHealthData, current: ClusterHealthData) {
  if (!current.checkedAt) return true;
  return !!candidate.checkedAt && candidate.checkedAt >= current.checkedAt;
}

/** The payload crosses a network boundary: take only what has the expected shape. */
function readPayload(payload: unknown): { clusterId: string; health: ClusterHealthData } | null {
  if (typeof payload !== "object" || payload === null) return null;
  const { clusterId, health } = payload as {
    clusterId?: unknown;
    health?: Partial<Record<keyof ClusterHealthData, unknown>>;
  };
  if (typeof clusterId !== "string" || typeof health !== "object" || health === null) return null;
  if (typeof health.status !== "string" || !STATUSES.has(health.status)) return null;
  return {
    clusterId,
    health: {
      status: health.status as ClusterHealthData["status"],
      version: stringOrNull(health.version),
      latencyMs: numberOrNull(health.latencyMs),
      lastError: stringOrNull(health.lastError),
      checkedAt: stringOrNull(health.checkedAt),
      nodeCount: numberOrNull(health.nodeCount),
      podCount: numberOrNull(health.podCount),
      circuit: health.circuit === "open" ? "open" : "closed",
    },
  };
}

function stringOrNull(value: unknown) {
  return typeof value === "string" ? value : null;
}

function numberOrNull(value: unknown) {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
