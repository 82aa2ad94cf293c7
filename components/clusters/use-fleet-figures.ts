"use client";

import { useMemo } from "react";
import type { AggregateState } from "@/lib/realtime/live-aggregate";
import { useAggregate } from "@/lib/realtime/use-aggregate";
import type { FleetData } from "@/lib/resources/aggregates";
import type { ClusterFigures } from "@/lib/resources/fleet";
import type { ClusterSummary } from "./types";

const FLEET = { view: "fleet" } as const;

/**
 * The fleet's counts, pushed by the server when they change (at most once a second), with how
 * fresh they are. The server counts only clusters that are reachable when the page subscribes,
 * so the page subscribes again whenever that set changes.
 */
export function useFleetFigures(clusters: readonly ClusterSummary[]): {
  figures: ReadonlyMap<string, ClusterFigures> | null;
  live: AggregateState<FleetData>;
} {
  const reachable = clusters
    .filter((cluster) => cluster.health.status !== "unreachable")
    .map((cluster) => cluster.id)
    .sort()
    .join(",");
  const live = useAggregate<FleetData>(FLEET, reachable);
  const figures = useMemo(
    () => (live.data ? new Map(live.data.clusters.map((entry) => [entry.clusterId, entry])) : null),
    [live.data],
  );
  return { figures, live };
}
