/**
 * Events grouped by the object they are about, warnings first (docs/resource-views.md, "Events"):
 * an on-call reader sees which objects are in trouble, not a wall of repeated lines. Pure.
 */
import { resourceForKind } from "./links";
import type { ResourceRow } from "./types";

export type EventGroup = {
  key: string;
  namespace?: string;
  /** The involved object's kind as the event spells it, lower case (`pod`). */
  kind: string;
  name: string;
  resource: string;
  warning: boolean;
  /** Occurrences across the group's events (each event's own count). */
  count: number;
  lastSeen: string | null;
  /** The group's events, most recent first. */
  events: ResourceRow[];
};

/** Groups one page renders at most; the rest are counted. */
export const MAX_EVENT_GROUPS = 500;

export function groupEvents(rows: readonly ResourceRow[]): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  for (const row of rows) {
    const [kind = "", ...rest] = String(row.cells.object ?? "").split("/");
    const name = rest.join("/");
    const key = `${row.namespace ?? ""}/${kind}/${name}`;
    const group = groups.get(key) ?? newGroup(key, row.namespace, kind, name);
    group.events.push(row);
    group.count += Number(row.cells.count) || 1;
    group.warning ||= row.cells.type === "Warning";
    const seen = lastSeenOf(row);
    if (seen && (!group.lastSeen || Date.parse(seen) > Date.parse(group.lastSeen))) group.lastSeen = seen;
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort(
    (a, b) =>
      Number(b.warning) - Number(a.warning) || time(b.lastSeen) - time(a.lastSeen) || a.key.localeCompare(b.key),
  );
  for (const group of sorted) group.events.sort((a, b) => time(lastSeenOf(b)) - time(lastSeenOf(a)));
  return sorted;
}

function newGroup(key: string, namespace: string | undefined, kind: string, name: string): EventGroup {
  return {
    key,
    ...(namespace && { namespace }),
    kind,
    name,
    resource: resourceForKind(kind, undefined),
    warning: false,
    count: 0,
    lastSeen: null,
    events: [],
  };
}

function lastSeenOf(row: ResourceRow): string | null {
  return typeof row.cells.lastSeen === "string" ? row.cells.lastSeen : row.createdAt;
}

function time(iso: string | null): number {
  return iso ? Date.parse(iso) || 0 : 0;
}
