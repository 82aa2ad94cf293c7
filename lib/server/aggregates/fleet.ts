/**
 * The fleet home's figures per cluster (docs/resource-views.md, Fleet home), pushed when they
 * change instead of polled: nodes ready, pods by phase, degraded workloads, warnings of the last
 * hour, counted from the hub's rows as the member may list them.
 */
import { isRefused, WORKLOAD_KINDS, type FleetData, type Refused } from "@/lib/resources/aggregates";
import {
  countFailing,
  countNodes,
  countPods,
  countWarnings,
  type ClusterFigures,
  type ClusterFreshness,
} from "@/lib/resources/fleet";
import type { ClusterView } from "@/lib/wire/clusters";
import type { ResourceRow } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { listClusters } from "../clusters/service";
import { createLimiter } from "../concurrency/limiter";
import type { SourcePlan } from "../resources/live-view-plan";
import type { AggregateOptions, Freshness, FreshnessOf, RowsOf } from "./live-aggregate";
import { planInput } from "./inputs";

/** Clusters one fleet page counts; more than any org we expect, fewer than a runaway loop. */
export const MAX_FLEET_CLUSTERS = 50;
const PLAN_CONCURRENCY = 6;
const INPUTS = ["nodes", "pods", "events", ...WORKLOAD_KINDS.map(({ resource }) => resource)] as const;

export async function planFleet(context: OrgContext): Promise<Pick<AggregateOptions<FleetData>, "inputs" | "compute">> {
  const clusters = (await listClusters(context.orgId)).slice(0, MAX_FLEET_CLUSTERS);
  const limiter = createLimiter(PLAN_CONCURRENCY);
  const inputs = new Map<string, readonly SourcePlan[] | Refused>();
  // An unreachable cluster would only make every plan wait: its health already says so. The page
  // subscribes again when a cluster's health changes.
  const reachable = clusters.filter((cluster) => cluster.health.status !== "unreachable");
  await Promise.all(
    reachable.flatMap((cluster) =>
      INPUTS.map((resource) =>
        limiter.run(async () => {
          inputs.set(`${cluster.id}:${resource}`, await planInput(context, { clusterId: cluster.id, resource }));
        }),
      ),
    ),
  );
  const counted = new Set(reachable.map((cluster) => cluster.id));
  return {
    inputs,
    compute: (rowsOf, now, freshnessOf) => ({
      clusters: clusters.map((cluster) =>
        counted.has(cluster.id) ? figuresOf(cluster.id, rowsOf, now, freshnessOf) : unreachable(cluster),
      ),
    }),
  };
}

function figuresOf(clusterId: string, rowsOf: RowsOf, now: number, freshnessOf: FreshnessOf): ClusterFigures {
  const read = (resource: string): readonly ResourceRow[] | null => {
    const rows = rowsOf(`${clusterId}:${resource}`);
    return isRefused(rows) ? null : rows;
  };
  const nodes = read("nodes");
  const pods = read("pods");
  const events = read("events");
  const workloads = WORKLOAD_KINDS.map(({ resource }) => read(resource)).filter((rows) => rows !== null);
  return {
    clusterId,
    freshness: clusterFreshness(freshnessOf(INPUTS.map((resource) => `${clusterId}:${resource}`))),
    nodes: nodes && countNodes(nodes),
    pods: pods && countPods(pods),
    failingPods: pods && countFailing(pods),
    workloads:
      workloads.length === 0
        ? null
        : { degraded: workloads.reduce((sum, rows) => sum + countFailing(rows), 0), total: workloads.flat().length },
    warnings: events && countWarnings(events, now),
  };
}

/**
 * An upstream that has not listed yet says "reconnecting" with no reason (lib/server/k8s/list-watch.ts);
 * the card says "connecting" then: nothing was lost.
 */
export function clusterFreshness(freshness: Freshness | null): ClusterFreshness {
  if (!freshness) return { state: "live", since: null };
  const { state, since, reason } = freshness;
  if (state === "reconnecting" && !reason) return { state: "connecting", since };
  return { state, since, ...(reason && { reason }) };
}

/** Not counted: its health check fails, and that check's reason is the card's. */
function unreachable(cluster: Pick<ClusterView, "id" | "health">): ClusterFigures {
  const { checkedAt, lastError } = cluster.health;
  return {
    clusterId: cluster.id,
    freshness: { state: "unreachable", since: checkedAt, ...(lastError && { reason: lastError }) },
    nodes: null,
    pods: null,
    failingPods: null,
    workloads: null,
    warnings: null,
  };
}
