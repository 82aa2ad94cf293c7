/**
 * Recorded events (lib/server/events, docs/logs.md "Event history") as Event rows, so the pages
 * that show live events show the stored ones the same way, merged by uid. Isomorphic.
 */
import { event as eventKind } from "./kinds/event";
import type { ResourceRow } from "./types";

/** One recorded event as the history REST route and the server action return it. */
export type RecordedEventJson = {
  uid: string;
  namespace: string | null;
  involvedObject: { kind: string; name: string; uid: string | null };
  type: string;
  reason: string;
  message: string;
  source: string | null;
  count: number;
  lastSeen: string;
  recordedAt: string;
};

export function recordedEventRow(recorded: RecordedEventJson): ResourceRow {
  const row: Omit<ResourceRow, "status"> = {
    uid: recorded.uid,
    name: recorded.uid,
    ...(recorded.namespace && { namespace: recorded.namespace }),
    resourceVersion: `history:${recorded.count}:${recorded.lastSeen}`,
    createdAt: recorded.recordedAt,
    cells: {
      type: recorded.type,
      reason: recorded.reason,
      object: `${recorded.involvedObject.kind}/${recorded.involvedObject.name}`,
      objectUid: recorded.involvedObject.uid,
      message: recorded.message,
      count: recorded.count,
      lastSeen: recorded.lastSeen,
      source: recorded.source,
      fromHistory: true,
    },
  };
  return { ...row, status: eventKind.status(row) };
}

/** Whether a row was read from the stored history only (the cluster no longer holds it). */
export function isFromHistory(row: ResourceRow): boolean {
  return row.cells.fromHistory === true;
}
