"use client";

import type { DetailContext } from "@/components/resources/detail/detail-context";
import { LOG_WORKLOAD_KINDS } from "@/lib/realtime/contract";
import { LogViewer } from "./log-viewer";

const KINDS_WITH_LOGS: readonly string[] = ["Pod", ...LOG_WORKLOAD_KINDS];

/** Pods and the workloads whose pods a log view follows. */
export function hasLogs(context: DetailContext): boolean {
  return context.namespace !== undefined && KINDS_WITH_LOGS.includes(context.resource.kind);
}

/** The detail page's Logs tab: the log viewer fixed on this pod, or on every pod of this workload. */
export function LogsTab({ clusterId, resource, namespace, name }: DetailContext) {
  const fixed = resource.kind === "Pod" ? { ns: namespace!, pod: name } : { ns: namespace!, kind: resource.kind, name };
  return <LogViewer clusterId={clusterId} fixed={fixed} />;
}
