/**
 * The cluster overview's figures from live rows (docs/resource-views.md, "Cluster overview"):
 * requested vs allocatable CPU and memory per node (bin packing at a glance), workloads that are
 * degraded, pods that are not running and why. Pure, so the page recomputes it on every delta.
 */
import { isAlarming } from "./list-view";
import { parseQuantity } from "./quantity";
import type { ResourceRow } from "./types";

export type NodeUsage = {
  name: string;
  status: ResourceRow["status"];
  cpu: { requested: number; allocatable: number | null };
  memory: { requested: number; allocatable: number | null };
  pods: number;
};

/** Pods that hold no resources on their node any more. */
const FINISHED_PHASES = new Set(["Succeeded", "Failed"]);

export function nodeUsage(nodes: readonly ResourceRow[], pods: readonly ResourceRow[]): NodeUsage[] {
  const usage = new Map<string, NodeUsage>(
    nodes.map((node) => [
      node.name,
      {
        name: node.name,
        status: node.status,
        cpu: { requested: 0, allocatable: parseQuantity(node.cells.cpu) },
        memory: { requested: 0, allocatable: parseQuantity(node.cells.memory) },
        pods: 0,
      },
    ]),
  );
  for (const pod of pods) {
    const node = typeof pod.cells.node === "string" ? usage.get(pod.cells.node) : undefined;
    if (!node || FINISHED_PHASES.has(String(pod.cells.phase))) continue;
    node.cpu.requested += Number(pod.cells.cpuRequest) || 0;
    node.memory.requested += Number(pod.cells.memoryRequest) || 0;
    node.pods += 1;
  }
  return [...usage.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Rows in a failing or waiting state (the chips of the list page), worst first. */
export function troubled(rows: readonly ResourceRow[]): ResourceRow[] {
  return rows
    .filter((row) => isAlarming(row.status.tone))
    .sort((a, b) => rank(a) - rank(b) || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

function rank(row: ResourceRow): number {
  return row.status.tone === "error" ? 0 : 1;
}

/** Share of a capacity in use, 0..1 (more than 1 when overcommitted); null when unknown. */
export function share(requested: number, allocatable: number | null): number | null {
  if (!allocatable) return null;
  return requested / allocatable;
}

/** "1.1 cores", "250m"; "1.4 GiB", "512 MiB": short enough for a bar's label. */
export function formatCores(cores: number): string {
  return cores < 1 ? `${Math.round(cores * 1000)}m` : `${Number(cores.toFixed(1))} cores`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(value < 10 && unit > 0 ? 1 : 0))} ${units[unit]}`;
}
