"use client";

import { EmptyState, Spinner } from "@/components/ui";
import { useResourceList } from "@/lib/realtime/use-resource-list";
import { formatAge } from "@/lib/resources/list-view";
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
 * The object's events, live: the Event watch narrowed by a field selector on the involved object
 * (kind and name, in the object's namespace), so a deleted object's events stay until they expire.
 */
export function EventsTab({ clusterId, resource, namespace, name }: DetailContext) {
  const events = useResourceList({
    clusterId,
    resource: "events",
    ...(namespace !== undefined && { namespace }),
    fieldSelector: `involvedObject.kind=${resource.kind},involvedObject.name=${name}`,
  });
  const now = useNow();
  const rows = [...events.rows].sort(byLastSeen);
  if (events.error) {
    return <EmptyState data-testid="events-error" title="Events cannot be listed" description={events.error.message} />;
  }
  if (events.state === "reconnecting" && rows.length === 0) {
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
        description="The cluster keeps events for about an hour; new ones appear here as they happen."
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
          <span className="shrink-0 text-xs text-text-muted tabular-nums">
            {Number(row.cells.count) > 1 ? `×${String(row.cells.count)} · ` : ""}
            {formatAge((row.cells.lastSeen as string | null) ?? row.createdAt, now)} ago
          </span>
        </li>
      ))}
    </ol>
  );
}
