/**
 * Counts for the fleet home, per cluster (docs/resource-views.md, Fleet home): nodes ready,
 * pods by phase, degraded workloads and warning events of the last hour, from the watch hub's
 * cached rows as the member may list them. Bounded: clusters, concurrency and a wait per read;
 * the views linger, so a page polling every few seconds reads the cache, not the cluster.
 */
import { countFailing, countNodes, countPods, countWarnings, type ClusterFigures } from "@/lib/resources/fleet";
import type { ResourceRow } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { listClusters } from "../clusters/service";
import { createLimiter } from "../concurrency/limiter";
import { readAllRows } from "./resource-reads";

/** Clusters one fleet page counts; more than any org we expect, fewer than a runaway loop. */
export const MAX_FLEET_CLUSTERS = 50;
/** A first list longer than this leaves the figure empty this time; the next poll finds the cache warm. */
const READ_WAIT_MS = 4000;
const FLEET_CONCURRENCY = 6;
const WORKLOADS = ["deployments.apps", "statefulsets.apps", "daemonsets.apps"] as const;

export async function fleetFigures(context: OrgContext): Promise<ClusterFigures[]> {
  const clusters = (await listClusters(context.orgId)).slice(0, MAX_FLEET_CLUSTERS);
  const limiter = createLimiter(FLEET_CONCURRENCY);
  const read = (clusterId: string, resource: string) =>
    limiter.run(() => readAllRows(context, clusterId, resource, READ_WAIT_MS).catch(() => null));
  return Promise.all(
    clusters.map(async (cluster): Promise<ClusterFigures> => {
      // An unreachable cluster would only make every read wait: its health already says so.
      if (cluster.health.status === "unreachable") return empty(cluster.id);
      const [nodes, pods, events, ...workloads] = await Promise.all([
        read(cluster.id, "nodes"),
        read(cluster.id, "pods"),
        read(cluster.id, "events"),
        ...WORKLOADS.map((resource) => read(cluster.id, resource)),
      ]);
      return {
        clusterId: cluster.id,
        nodes: nodes && countNodes(nodes),
        pods: pods && countPods(pods),
        failingPods: pods && countFailing(pods),
        workloads: workloadCounts(workloads),
        warnings: events && countWarnings(events, Date.now()),
        countedAt: new Date().toISOString(),
      };
    }),
  );
}

/** Degraded of all workload kinds the member could read; null when none could be. */
function workloadCounts(lists: (ResourceRow[] | null)[]): ClusterFigures["workloads"] {
  const readable = lists.filter((rows): rows is ResourceRow[] => rows !== null);
  if (readable.length === 0) return null;
  const rows = readable.flat();
  return { degraded: countFailing(rows), total: rows.length };
}

function empty(clusterId: string): ClusterFigures {
  return {
    clusterId,
    nodes: null,
    pods: null,
    failingPods: null,
    workloads: null,
    warnings: null,
    countedAt: new Date().toISOString(),
  };
}
