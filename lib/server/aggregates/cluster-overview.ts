/**
 * The cluster overview, computed on the server (docs/resource-views.md, "Cluster overview"): node
 * bin packing, workloads healthy/degraded, pods not running (the worst few and a total), recent
 * warnings — from the hub's rows, so a cluster of 10k pods costs the browser a few kilobytes.
 */
import type { AggregateSubscribeRequest } from "@/lib/realtime/contract";
import { overviewData, WORKLOAD_KINDS, type OverviewData } from "@/lib/resources/aggregates";
import type { OrgContext } from "../auth/actor";
import { getClusterOrThrow } from "../clusters/service";
import type { AggregateInputs, AggregateOptions } from "./live-aggregate";
import { planInput } from "./inputs";

type OverviewRequest = Extract<AggregateSubscribeRequest, { view: "overview" }>;

export async function planOverview(
  context: OrgContext,
  request: OverviewRequest,
): Promise<Pick<AggregateOptions<OverviewData>, "inputs" | "compute">> {
  const { clusterId, namespaces } = request;
  // Another org's cluster is NOT_FOUND for the whole overview, not a refused section.
  await getClusterOrThrow(context.orgId, clusterId);
  const scoped = namespaces ? { namespaces } : {};
  const [nodes, pods, warnings, ...workloads] = await Promise.all([
    namespaces ? null : planInput(context, { clusterId, resource: "nodes" }),
    planInput(context, { clusterId, resource: "pods", ...scoped }),
    planInput(context, { clusterId, resource: "events", fieldSelector: "type=Warning", ...scoped }),
    ...WORKLOAD_KINDS.map(({ resource }) => planInput(context, { clusterId, resource, ...scoped })),
  ]);
  const inputs: AggregateInputs = new Map([
    ...(nodes ? [["nodes", nodes] as const] : []),
    ["pods", pods!],
    ["warnings", warnings!],
    ...workloads.map((input, index) => [WORKLOAD_KINDS[index]!.resource, input!] as const),
  ]);
  return {
    inputs,
    compute: (rowsOf) =>
      overviewData({
        nodes: nodes ? rowsOf("nodes") : null,
        pods: rowsOf("pods"),
        warnings: rowsOf("warnings"),
        workloads: WORKLOAD_KINDS.map(({ resource }) => rowsOf(resource)),
      }),
  };
}
