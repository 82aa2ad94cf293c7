import { AppError } from "@/lib/errors";
import type { LOG_WORKLOAD_KINDS } from "@/lib/realtime/contract";
import { asRecord, asRecords, asString } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";
import { formatLabelSelector, parseLabelSelector } from "@/lib/selectors";
import type { ClusterConnection } from "../k8s/connection";
import { callCluster, type Impersonation } from "../k8s/request";
import { objectPath, type WatchedResource } from "../k8s/resource-path";

export type LogWorkloadKind = (typeof LOG_WORKLOAD_KINDS)[number];

/** Where each workload a log view can follow is served. */
const SERVED: Record<LogWorkloadKind, WatchedResource> = {
  Deployment: { group: "apps", version: "v1", plural: "deployments", namespaced: true },
  StatefulSet: { group: "apps", version: "v1", plural: "statefulsets", namespaced: true },
  DaemonSet: { group: "apps", version: "v1", plural: "daemonsets", namespaced: true },
  ReplicaSet: { group: "apps", version: "v1", plural: "replicasets", namespaced: true },
  Job: { group: "batch", version: "v1", plural: "jobs", namespaced: true },
};

const WORKLOAD_MAX_BYTES = 2 * 1024 * 1024;

type Expression = { key?: string; operator?: string; values?: string[] };

/** `spec.selector` as a label selector string, checked by the same parser every selector goes through. */
export function selectorOf(workload: KubeObject): string {
  const selector = asRecord(asRecord(workload.spec).selector);
  const parts = Object.entries(asRecord(selector.matchLabels)).map(([key, value]) => `${key}=${String(value)}`);
  for (const expression of asRecords<Expression>(selector.matchExpressions)) {
    const values = (expression.values ?? []).join(",");
    if (expression.operator === "In") parts.push(`${expression.key} in (${values})`);
    else if (expression.operator === "NotIn") parts.push(`${expression.key} notin (${values})`);
    else if (expression.operator === "Exists") parts.push(`${expression.key}`);
    else if (expression.operator === "DoesNotExist") parts.push(`!${expression.key}`);
  }
  const name = asString(asRecord(workload.metadata).name) ?? "";
  // An empty selector would mean every pod of the namespace: not what "this workload's logs" means.
  if (parts.length === 0) throw new AppError("INVALID_INPUT", `workload ${name} has no pod selector`, "workload");
  return formatLabelSelector(parseLabelSelector(parts.join(","), "workload"));
}

/** Read the workload as the acting identity and return its pods' selector. */
export async function workloadSelector(
  connection: ClusterConnection,
  impersonate: Impersonation | undefined,
  namespace: string,
  workload: { kind: LogWorkloadKind; name: string },
): Promise<string> {
  const object = await callCluster<KubeObject>(connection, {
    path: objectPath(SERVED[workload.kind], workload.name, namespace),
    impersonate,
    maxBytes: WORKLOAD_MAX_BYTES,
  });
  return selectorOf(object);
}
