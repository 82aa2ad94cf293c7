/**
 * Figures computed on the server from cached rows and pushed to the browser (docs/realtime.md,
 * "Aggregates"): the cluster overview, the fleet home and the events page's groups. What crosses
 * the wire is small and bounded whatever the cluster's size: counts, and the top few rows of
 * each list with a total. Pure, so each shape is tested without a cluster.
 */
import { nodeUsage, troubled, type NodeUsage } from "./cluster-overview";
import { groupEvents, type EventGroup } from "./event-groups";
import type { ClusterFigures } from "./fleet";
import type { ResourceRow, ResourceStatus } from "./types";

/** Rows each overview list carries; the total says how many there are. */
export const OVERVIEW_TOP = 8;
/** Nodes the overview draws bars for. */
export const OVERVIEW_NODES = 50;
/** Events one group carries on the events page; `eventCount` counts them all. */
export const EVENTS_PER_GROUP = 3;

/** A section the identity may not list says why instead. */
export type Refused = { refused: string };

export type TroubleEntry = {
  uid: string;
  name: string;
  namespace?: string;
  resource: string;
  status: ResourceStatus;
};

export type WorkloadFigures =
  | { resource: string; title: string; healthy: number; degraded: number }
  | (Refused & {
      resource: string;
      title: string;
    });

export type WarningGroupSummary = {
  key: string;
  kind: string;
  name: string;
  namespace?: string;
  resource: string;
  reason: string;
  message: string;
  count: number;
};

export type OverviewData = {
  /** null: not asked (a namespace-scoped identity sees no nodes). */
  nodes: { items: NodeUsage[]; total: number } | Refused | null;
  pods: { running: number; notRunning: number; total: number; top: TroubleEntry[] } | Refused;
  workloads: { kinds: WorkloadFigures[]; degraded: number; top: TroubleEntry[] };
  warnings: { groups: WarningGroupSummary[]; total: number } | Refused;
};

export type FleetData = { clusters: ClusterFigures[] };

/** A group as the events page shows it: its latest few events, and how many it has. */
export type EventGroupSummary = Omit<EventGroup, "events"> & { events: ResourceRow[]; eventCount: number };

export type EventGroupsData = {
  offset: number;
  /** Groups matching the filter, and how many of them hold a warning. */
  total: number;
  warnings: number;
  groups: EventGroupSummary[];
  /** Events read from the stored history (at most this many; see `historyCapped`). */
  historyEvents: number;
  historyCapped: boolean;
  /** Why the stored history could not be read, when it could not (live events still show). */
  historyError?: string;
};

export const WORKLOAD_KINDS = [
  { resource: "deployments.apps", title: "Deployments" },
  { resource: "statefulsets.apps", title: "StatefulSets" },
  { resource: "daemonsets.apps", title: "DaemonSets" },
] as const;

export function isRefused(value: unknown): value is Refused {
  return typeof value === "object" && value !== null && "refused" in value;
}

/** Rows of one resource as the overview reads them, or why they cannot be read. */
export type OverviewInput = {
  nodes: readonly ResourceRow[] | Refused | null;
  pods: readonly ResourceRow[] | Refused;
  warnings: readonly ResourceRow[] | Refused;
  workloads: readonly (readonly ResourceRow[] | Refused)[];
};

export function overviewData(input: OverviewInput): OverviewData {
  const pods = isRefused(input.pods) ? [] : input.pods;
  return {
    nodes: nodesSection(input.nodes, pods),
    pods: isRefused(input.pods) ? input.pods : podsSection(input.pods),
    workloads: workloadsSection(input.workloads),
    warnings: isRefused(input.warnings) ? input.warnings : warningsSection(input.warnings),
  };
}

function nodesSection(nodes: OverviewInput["nodes"], pods: readonly ResourceRow[]): OverviewData["nodes"] {
  if (nodes === null || isRefused(nodes)) return nodes;
  const usage = nodeUsage(nodes, pods);
  return { items: usage.slice(0, OVERVIEW_NODES), total: usage.length };
}

function podsSection(pods: readonly ResourceRow[]): OverviewData["pods"] {
  const failing = troubled(pods);
  const running = pods.reduce((sum, row) => sum + (row.status.tone === "ok" ? 1 : 0), 0);
  return { running, notRunning: failing.length, total: pods.length, top: topEntries(failing, "pods") };
}

function workloadsSection(lists: OverviewInput["workloads"]): OverviewData["workloads"] {
  const degradedRows: { row: ResourceRow; resource: string }[] = [];
  const kinds = WORKLOAD_KINDS.map(({ resource, title }, index): WorkloadFigures => {
    const rows = lists[index] ?? [];
    if (isRefused(rows)) return { resource, title, refused: rows.refused };
    const bad = troubled(rows);
    degradedRows.push(...bad.map((row) => ({ row, resource })));
    return { resource, title, healthy: rows.length - bad.length, degraded: bad.length };
  });
  return {
    kinds,
    degraded: degradedRows.length,
    top: degradedRows.slice(0, OVERVIEW_TOP).map(({ row, resource }) => entryOf(row, resource)),
  };
}

function warningsSection(rows: readonly ResourceRow[]): OverviewData["warnings"] {
  const groups = groupEvents(rows);
  return {
    total: groups.length,
    groups: groups.slice(0, OVERVIEW_TOP).map((group) => {
      const latest = group.events[0];
      return {
        key: group.key,
        kind: group.kind,
        name: group.name,
        ...(group.namespace && { namespace: group.namespace }),
        resource: group.resource,
        reason: String(latest?.cells.reason ?? ""),
        message: String(latest?.cells.message ?? ""),
        count: group.count,
      };
    }),
  };
}

function topEntries(rows: readonly ResourceRow[], resource: string): TroubleEntry[] {
  return rows.slice(0, OVERVIEW_TOP).map((row) => entryOf(row, resource));
}

function entryOf(row: ResourceRow, resource: string): TroubleEntry {
  return {
    uid: row.uid,
    name: row.name,
    ...(row.namespace && { namespace: row.namespace }),
    resource,
    status: row.status,
  };
}

/**
 * Live and recorded events as one list: one row per uid, the one that saw the most (the higher
 * count, then the later last-seen time) winning. A row only the history holds keeps its
 * `fromHistory` cell, so a page can say the cluster has forgotten it.
 */
export function mergeEventRows(live: readonly ResourceRow[], history: readonly ResourceRow[]): ResourceRow[] {
  const merged = new Map<string, ResourceRow>();
  for (const row of history) merged.set(row.uid, row);
  for (const row of live) {
    const recorded = merged.get(row.uid);
    merged.set(
      row.uid,
      !recorded || !sawMore(recorded, row) ? row : { ...recorded, cells: { ...recorded.cells, fromHistory: false } },
    );
  }
  return [...merged.values()];
}

function sawMore(a: ResourceRow, b: ResourceRow): boolean {
  const count = (row: ResourceRow) => Number(row.cells.count) || 1;
  if (count(a) !== count(b)) return count(a) > count(b);
  return lastSeenMs(a) > lastSeenMs(b);
}

export function lastSeenMs(row: ResourceRow): number {
  return Date.parse(String(row.cells.lastSeen ?? row.createdAt ?? "")) || 0;
}

/** The events page's window of groups: filtered by text, warnings first, then the latest. */
export function eventGroupsWindow(
  rows: readonly ResourceRow[],
  options: { filter?: string; offset: number; limit: number },
): Pick<EventGroupsData, "offset" | "total" | "warnings" | "groups"> {
  const filter = options.filter?.trim().toLowerCase() ?? "";
  const groups = groupEvents(rows).filter((group) => !filter || groupMatches(group, filter));
  return {
    offset: options.offset,
    total: groups.length,
    warnings: groups.reduce((sum, group) => sum + (group.warning ? 1 : 0), 0),
    groups: groups.slice(options.offset, options.offset + options.limit).map((group) => ({
      ...group,
      events: group.events.slice(0, EVENTS_PER_GROUP),
      eventCount: group.events.length,
    })),
  };
}

function groupMatches(group: EventGroup, filter: string): boolean {
  if (`${group.kind}/${group.name} ${group.namespace ?? ""}`.toLowerCase().includes(filter)) return true;
  return group.events.some((row) =>
    `${String(row.cells.reason)} ${String(row.cells.message)}`.toLowerCase().includes(filter),
  );
}
