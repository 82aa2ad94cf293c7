"use client";

import Link from "next/link";
import { parseAsBoolean, parseAsString, useQueryStates } from "nuqs";
import { Badge, EmptyState, Spinner } from "@/components/ui";
import { LiveIndicator } from "@/components/resources/live-indicator";
import { NamespacePicker } from "@/components/resources/namespace-picker";
import { StatusChip } from "@/components/resources/status-chip";
import { useNow } from "@/components/resources/use-now";
import { useResourceList } from "@/lib/realtime/use-resource-list";
import { groupEvents, MAX_EVENT_GROUPS, type EventGroup } from "@/lib/resources/event-groups";
import { objectHref } from "@/lib/resources/links";
import { formatAge } from "@/lib/resources/list-view";
import { findKind } from "@/lib/resources/registry";

const URL_STATE = { ns: parseAsString, q: parseAsString, warnings: parseAsBoolean };
/** Events shown under one object; the count says how many more there are. */
const EVENTS_PER_GROUP = 3;

/**
 * A cluster's (or some namespaces') events, live, grouped by the object they are about, objects
 * with warnings first. Namespaces, text filter and "warnings only" live in the URL.
 */
export function EventsView({ clusterId }: { clusterId: string }) {
  const [params, setParams] = useQueryStates(URL_STATE, { history: "replace" });
  const namespaces = (params.ns ?? "").split(",").filter(Boolean).slice(0, 50);
  const filter = (params.q ?? "").toLowerCase();
  const list = useResourceList({
    clusterId,
    resource: "events",
    ...(namespaces.length > 0 && { namespaces }),
    ...(params.warnings && { fieldSelector: "type=Warning" }),
  });
  const now = useNow();
  const groups = groupEvents(list.rows).filter((group) => !filter || matches(group, filter));
  const shown = groups.slice(0, MAX_EVENT_GROUPS);
  const warnings = groups.filter((group) => group.warning).length;
  return (
    <section className="flex min-w-0 flex-col gap-3" data-testid="events-view">
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          defaultValue={params.q ?? ""}
          onChange={(event) => void setParams({ q: event.target.value || null })}
          placeholder="Filter by object, reason or message"
          aria-label="Filter events"
          maxLength={256}
          data-testid="events-filter"
          className="h-9 w-full min-w-0 rounded-md border border-border bg-surface-raised px-3 text-sm placeholder:text-text-muted focus-visible:outline-2 focus-visible:outline-accent sm:w-80"
        />
        <NamespacePicker
          clusterId={clusterId}
          selected={namespaces}
          onChange={(next) => void setParams({ ns: next.length > 0 ? next.join(",") : null })}
        />
        <label className="flex h-9 items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={params.warnings ?? false}
            onChange={(event) => void setParams({ warnings: event.target.checked || null })}
            data-testid="events-warnings-only"
            className="accent-accent"
          />
          Warnings only
        </label>
        <div className="ml-auto flex items-center gap-3">
          <span className="text-sm text-text-muted" data-testid="events-summary">
            {groups.length} objects · {warnings} with warnings
          </span>
          <LiveIndicator list={list} />
        </div>
      </div>
      {list.error ? (
        <EmptyState data-testid="events-error" title="Events cannot be listed" description={list.error.message} />
      ) : list.state === "reconnecting" && list.rows.length === 0 ? (
        <p className="flex h-40 items-center justify-center gap-2 text-sm text-text-muted">
          <Spinner /> Listing events…
        </p>
      ) : shown.length === 0 ? (
        <EmptyState
          data-testid="events-empty"
          title={filter || params.warnings ? "No events match" : "No events"}
          description="The cluster keeps events for about an hour; new ones appear here as they happen."
        />
      ) : (
        <ol
          className="divide-y divide-border rounded-lg border border-border bg-surface-raised"
          data-testid="event-groups"
        >
          {shown.map((group) => (
            <EventGroupRow key={group.key} clusterId={clusterId} group={group} now={now} />
          ))}
          {groups.length > shown.length ? (
            <li className="px-4 py-3 text-sm text-text-muted">and {groups.length - shown.length} more objects</li>
          ) : null}
        </ol>
      )}
    </section>
  );
}

function EventGroupRow({ clusterId, group, now }: { clusterId: string; group: EventGroup; now: number }) {
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
        {group.events.slice(0, EVENTS_PER_GROUP).map((row) => (
          <li key={row.uid} className="flex min-w-0 flex-col gap-1 sm:flex-row sm:items-baseline sm:gap-2">
            <span className="flex shrink-0 items-center gap-2">
              <StatusChip tone={row.status.tone} label={String(row.cells.reason ?? "")} reason={row.status.reason} />
              {Number(row.cells.count) > 1 ? (
                <span className="text-xs text-text-muted">×{String(row.cells.count)}</span>
              ) : null}
            </span>
            <span className="min-w-0 break-words text-text-muted">{String(row.cells.message ?? "")}</span>
          </li>
        ))}
        {group.events.length > EVENTS_PER_GROUP ? (
          <li className="text-xs text-text-muted">and {group.events.length - EVENTS_PER_GROUP} more events</li>
        ) : null}
      </ul>
    </li>
  );
}

function matches(group: EventGroup, filter: string): boolean {
  if (`${group.kind}/${group.name} ${group.namespace ?? ""}`.toLowerCase().includes(filter)) return true;
  return group.events.some((row) =>
    `${String(row.cells.reason)} ${String(row.cells.message)}`.toLowerCase().includes(filter),
  );
}
