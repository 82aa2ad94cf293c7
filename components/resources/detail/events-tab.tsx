"use client";

import { useEffect, useState } from "react";
import { HistoryMark } from "@/components/events/events-view";
import { EmptyState, Spinner } from "@/components/ui";
import { objectEventHistoryAction } from "@/lib/actions/events";
import { isAwaitingAnswer } from "@/lib/realtime/live-list";
import { useResourceList } from "@/lib/realtime/use-resource-list";
import { mergeEventRows } from "@/lib/resources/aggregates";
import { formatAge } from "@/lib/resources/list-view";
import { isFromHistory, recordedEventRow } from "@/lib/resources/recorded-events";
import type { ResourceRow } from "@/lib/resources/types";
import { StatusChip } from "../status-chip";
import { useNow } from "../use-now";
import type { DetailContext } from "./detail-context";

/** Most recent first. */
export function byLastSeen(a: ResourceRow, b: ResourceRow): number {
  const seen = (row: ResourceRow) => Date.parse(String(row.cells.lastSeen ?? row.createdAt ?? "")) || 0;
  return seen(b) - seen(a);
}

/**
 * The object's events: the live Event watch narrowed by a field selector on the involved object
 * (kind and name, in the object's namespace), merged by uid with Pilothouse's stored history, so
 * events the cluster has already deleted — and a deleted object's — still show, marked "from
 * history". An event that leaves the live list while the page is open stays, from history too.
 */
export function EventsTab({ clusterId, resource, namespace, name }: DetailContext) {
  const events = useResourceList({
    clusterId,
    resource: "events",
    ...(namespace !== undefined && { namespace }),
    fieldSelector: `involvedObject.kind=${resource.kind},involvedObject.name=${name}`,
  });
  const history = useEventHistory(clusterId, namespace, resource.kind, name, events.rows);
  const now = useNow();
  const rows = mergeEventRows(events.rows, history.rows).sort(byLastSeen);
  if (events.error && rows.length === 0) {
    return <EmptyState data-testid="events-error" title="Events cannot be listed" description={events.error.message} />;
  }
  if ((isAwaitingAnswer(events.state) || history.loading) && rows.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-text-muted">
        <Spinner /> Listing events…
      </p>
    );
  }
  if (rows.length === 0) {
    return (
      <EmptyState
        data-testid="events-empty"
        headingLevel={3}
        title="No events"
        description={
          history.error
            ? `The cluster keeps events for about an hour; the stored history could not be read (${history.error}).`
            : "Neither the cluster nor Pilothouse's history holds events of this object; new ones appear here as they happen."
        }
      />
    );
  }
  return (
    <ol
      className="divide-y divide-border rounded-lg border border-border bg-surface-raised"
      data-testid="object-events"
    >
      {rows.map((row) => (
        <li
          key={row.uid}
          className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-start sm:gap-4"
          data-testid="object-event"
        >
          <div className="flex shrink-0 items-center gap-2 sm:w-56">
            <StatusChip tone={row.status.tone} label={row.status.label} reason={row.status.reason} />
            <span className="font-medium text-text" data-testid="event-reason">
              {String(row.cells.reason ?? "")}
            </span>
          </div>
          <p className="min-w-0 flex-1 text-sm break-words text-text">{String(row.cells.message ?? "")}</p>
          {isFromHistory(row) ? <HistoryMark /> : null}
          <span className="shrink-0 text-xs text-text-muted tabular-nums">
            {Number(row.cells.count) > 1 ? `×${String(row.cells.count)} · ` : ""}
            {formatAge((row.cells.lastSeen as string | null) ?? row.createdAt, now)} ago
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The object's recorded events, read once per object, plus every live event seen since the page
 * opened (the cluster may delete one while we look; the recorder has kept it).
 */
function useEventHistory(
  clusterId: string,
  namespace: string | undefined,
  kind: string,
  name: string,
  live: readonly ResourceRow[],
): { rows: ResourceRow[]; loading: boolean; error?: string } {
  const [recorded, setRecorded] = useState<{ key: string; rows: ResourceRow[]; error?: string } | null>(null);
  const key = `${clusterId}/${namespace ?? ""}/${kind}/${name}`;
  const [seen, setSeen] = useState<{ key: string; live: readonly ResourceRow[]; rows: ResourceRow[] }>({
    key,
    live: [],
    rows: [],
  });
  // Adjusting state while rendering (React's pattern for "remember what a prop was"): every live
  // event seen since the page opened, marked as history should the cluster drop it.
  if (seen.live !== live || seen.key !== key) {
    const kept = seen.key === key ? seen.rows : [];
    const marked = live.map((row) => ({ ...row, cells: { ...row.cells, fromHistory: true } }));
    setSeen({ key, live, rows: mergeEventRows(marked, kept) });
  }
  useEffect(() => {
    let cancelled = false;
    void objectEventHistoryAction({ clusterId, kind, name, ...(namespace !== undefined && { namespace }) })
      .catch(() => null)
      .then((result) => {
        if (cancelled) return;
        if (result?.ok) setRecorded({ key, rows: result.data.map(recordedEventRow) });
        else setRecorded({ key, rows: [], error: result?.ok === false ? result.error.message : "unavailable" });
      });
    return () => {
      cancelled = true;
    };
  }, [key, clusterId, namespace, kind, name]);
  const current = recorded?.key === key ? recorded : null;
  return {
    rows: mergeEventRows(seen.key === key ? seen.rows : [], current?.rows ?? []),
    loading: current === null,
    ...(current?.error && { error: current.error }),
  };
}
