"use client";

import Link from "next/link";
import { parseAsBoolean, parseAsInteger, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { Badge, Button, EmptyState, Spinner } from "@/components/ui";
import { AggregateIndicator } from "@/components/resources/live-indicator";
import { NamespacePicker } from "@/components/resources/namespace-picker";
import { StatusChip } from "@/components/resources/status-chip";
import { useNow } from "@/components/resources/use-now";
import { EVENT_RANGES, type EventRange } from "@/lib/realtime/contract";
import { useAggregate } from "@/lib/realtime/use-aggregate";
import type { EventGroupsData, EventGroupSummary } from "@/lib/resources/aggregates";
import { objectHref } from "@/lib/resources/links";
import { formatAge } from "@/lib/resources/list-view";
import { isFromHistory } from "@/lib/resources/recorded-events";
import { findKind } from "@/lib/resources/registry";

const URL_STATE = {
  ns: parseAsString,
  q: parseAsString,
  warnings: parseAsBoolean,
  range: parseAsStringLiteral(EVENT_RANGES).withDefault("1h"),
  page: parseAsInteger.withDefault(1),
};
/** Object groups one page of the events page shows. */
const GROUPS_PER_PAGE = 50;
const RANGE_LABEL: Record<EventRange, string> = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days" };

/**
 * A cluster's (or some namespaces') events, live, grouped by the object they are about, objects
 * with warnings first. Namespaces, text filter and "warnings only" live in the URL.
 */
export function EventsView({ clusterId }: { clusterId: string }) {
  const [params, setParams] = useQueryStates(URL_STATE, { history: "replace" });
  const namespaces = (params.ns ?? "").split(",").filter(Boolean).slice(0, 50);
  const page = Math.max(1, Math.min(params.page, 2000));
  const live = useAggregate<EventGroupsData>({
    view: "events",
    clusterId,
    range: params.range,
    window: { offset: (page - 1) * GROUPS_PER_PAGE, limit: GROUPS_PER_PAGE },
    ...(namespaces.length > 0 && { namespaces }),
    ...(params.warnings && { warningsOnly: true }),
    ...(params.q && { filter: params.q }),
  });
  const now = useNow();
  const data = live.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / GROUPS_PER_PAGE)) : 1;
  return (
    <section className="flex min-w-0 flex-col gap-3" data-testid="events-view">
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          defaultValue={params.q ?? ""}
          onChange={(event) => void setParams({ q: event.target.value || null, page: null })}
          placeholder="Filter by object, reason or message"
          aria-label="Filter events"
          maxLength={256}
          data-testid="events-filter"
          className="h-9 w-full min-w-0 rounded-md border border-border bg-surface-raised px-3 text-sm placeholder:text-text-muted focus-visible:outline-2 focus-visible:outline-accent sm:w-80"
        />
        <NamespacePicker
          clusterId={clusterId}
          selected={namespaces}
          onChange={(next) => void setParams({ ns: next.length > 0 ? next.join(",") : null, page: null })}
        />
        <select
          value={params.range}
          onChange={(event) => void setParams({ range: event.target.value as EventRange, page: null })}
          aria-label="Time range"
          data-testid="events-range"
          className="h-9 rounded-md border border-border bg-surface-raised px-2 text-sm"
        >
          {EVENT_RANGES.map((range) => (
            <option key={range} value={range}>
              {RANGE_LABEL[range]}
            </option>
          ))}
        </select>
        <label className="flex h-9 items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={params.warnings ?? false}
            onChange={(event) => void setParams({ warnings: event.target.checked || null, page: null })}
            data-testid="events-warnings-only"
            className="accent-accent"
          />
          Warnings only
        </label>
        <div className="ml-auto flex items-center gap-3">
          <span className="text-sm text-text-muted" data-testid="events-summary">
            {data ? `${data.total} objects · ${data.warnings} with warnings` : "Counting…"}
          </span>
          <AggregateIndicator live={live} />
        </div>
      </div>
      {data?.historyError ? (
        <p className="text-xs text-text-muted" data-testid="events-history-error">
          Stored history not shown: {data.historyError}
        </p>
      ) : null}
      {live.error ? (
        <EmptyState data-testid="events-error" title="Events cannot be listed" description={live.error.message} />
      ) : !data ? (
        <p className="flex h-40 items-center justify-center gap-2 text-sm text-text-muted">
          <Spinner /> Listing events…
        </p>
      ) : data.groups.length === 0 ? (
        <EmptyState
          data-testid="events-empty"
          title={params.q || params.warnings ? "No events match" : "No events"}
          description="Events the cluster has forgotten are kept in Pilothouse's history; widen the time range to see older ones."
        />
      ) : (
        <>
          <ol
            className="divide-y divide-border rounded-lg border border-border bg-surface-raised"
            data-testid="event-groups"
          >
            {data.groups.map((group) => (
              <EventGroupRow key={group.key} clusterId={clusterId} group={group} now={now} />
            ))}
          </ol>
          {pages > 1 ? (
            <nav className="flex items-center justify-end gap-2 text-sm" aria-label="Pages" data-testid="events-pages">
              <Button
                variant="ghost"
                size="sm"
                disabled={page <= 1}
                onClick={() => void setParams({ page: page - 1 === 1 ? null : page - 1 })}
              >
                Previous
              </Button>
              <span className="text-text-muted tabular-nums">
                Page {page} of {pages}
              </span>
              <Button
                variant="ghost"
                size="sm"
                disabled={page >= pages}
                onClick={() => void setParams({ page: page + 1 })}
              >
                Next
              </Button>
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}

function EventGroupRow({ clusterId, group, now }: { clusterId: string; group: EventGroupSummary; now: number }) {
  const clusterScoped = findKind(group.resource)?.namespaced === false;
  const href = objectHref({
    clusterId,
    resource: group.resource,
    namespace: clusterScoped ? undefined : group.namespace,
    name: group.name,
    tab: "events",
  });
  return (
    <li className="flex flex-col gap-2 px-4 py-3" data-testid="event-group" data-warning={group.warning}>
      <div className="flex flex-wrap items-center gap-2">
        {group.warning ? (
          <Badge tone="warning" dot>
            Warning
          </Badge>
        ) : (
          <Badge tone="info">Normal</Badge>
        )}
        <Link
          href={href}
          className="min-w-0 truncate font-medium text-accent hover:underline"
          data-testid="event-group-link"
        >
          <span className="text-text-muted">{group.kind}</span> {group.name}
        </Link>
        {group.namespace && !clusterScoped ? <span className="text-xs text-text-muted">{group.namespace}</span> : null}
        <span className="ml-auto text-xs text-text-muted tabular-nums">
          {group.count} {group.count === 1 ? "time" : "times"} · last {formatAge(group.lastSeen, now)} ago
        </span>
      </div>
      <ul className="flex flex-col gap-1 text-sm">
        {group.events.map((row) => (
          <li key={row.uid} className="flex min-w-0 flex-col gap-1 sm:flex-row sm:items-baseline sm:gap-2">
            <span className="flex shrink-0 items-center gap-2">
              <StatusChip tone={row.status.tone} label={String(row.cells.reason ?? "")} reason={row.status.reason} />
              {Number(row.cells.count) > 1 ? (
                <span className="text-xs text-text-muted">×{String(row.cells.count)}</span>
              ) : null}
            </span>
            <span className="min-w-0 break-words text-text-muted">{String(row.cells.message ?? "")}</span>
            {isFromHistory(row) ? <HistoryMark /> : null}
          </li>
        ))}
        {group.eventCount > group.events.length ? (
          <li className="text-xs text-text-muted">and {group.eventCount - group.events.length} more events</li>
        ) : null}
      </ul>
    </li>
  );
}

/** The cluster no longer holds this event; Pilothouse's history does (docs/logs.md, Event history). */
export function HistoryMark() {
  return (
    <span
      className="shrink-0 self-start rounded bg-surface-sunken px-1.5 py-0.5 text-xs text-text-muted"
      title="The cluster has deleted this event; it is shown from Pilothouse's history."
      data-testid="from-history"
    >
      from history
    </span>
  );
}
