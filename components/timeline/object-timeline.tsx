"use client";

import { useEffect, useState } from "react";
import { Badge, EmptyState, Spinner } from "@/components/ui";
import { SelectChevron } from "@/components/ui/select-chevron";
import { cn } from "@/lib/cn";
import type { RealtimeError } from "@/lib/realtime/contract";
import {
  TIMELINE_SINCE_PRESETS,
  type Timeline,
  type TimelineItem,
  type TimelineKind,
  type TimelineSince,
} from "@/lib/timeline/types";

type Props = { clusterId: string; kind: TimelineKind; namespace: string; name: string };

/** How often an open timeline asks again: events and actions keep coming while someone reads it. */
const REFRESH_MS = 15_000;

type Loaded = { timeline?: Timeline; error?: RealtimeError };

/**
 * One workload's or pod's timeline (docs/logs.md, Timeline): its events (with its ReplicaSets'
 * and pods'), Pilothouse's own actions on it, and its rollout revisions on one time axis, newest
 * at the top — "what changed right before it broke" at a glance.
 */
export function ObjectTimeline({ clusterId, kind, namespace, name }: Props) {
  const [since, setSince] = useState<TimelineSince>("24h");
  const [loaded, setLoaded] = useState<Loaded>();
  const [warningsOnly, setWarningsOnly] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const query = new URLSearchParams({ kind, namespace, name, since });
    const load = () =>
      fetch(`/api/v1/clusters/${encodeURIComponent(clusterId)}/timeline?${query.toString()}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      })
        .then(async (response) => {
          const body = (await response.json()) as Timeline & { error?: RealtimeError };
          setLoaded(response.ok ? { timeline: body } : { error: body.error });
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setLoaded({ error: { code: "UNAVAILABLE", message: String(error) } });
        });
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [clusterId, kind, namespace, name, since]);

  const items = (loaded?.timeline?.items ?? [])
    .filter((item) => !warningsOnly || item.source !== "event" || item.type === "Warning")
    .toReversed();

  return (
    <section aria-label={`Timeline of ${kind} ${name}`} className="flex flex-col gap-3" data-testid="object-timeline">
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <h2 className="text-base font-semibold">
          Timeline{" "}
          <span className="font-normal text-text-muted">
            {kind} {name}
          </span>
        </h2>
        <Legend />
        <label className="ml-auto flex items-center gap-1.5">
          <input type="checkbox" checked={warningsOnly} onChange={(event) => setWarningsOnly(event.target.checked)} />
          Warnings and actions only
        </label>
        <label className="relative flex items-center gap-1.5">
          <span className="text-text-muted">Since</span>
          <span className="relative">
            <select
              value={since}
              onChange={(event) => setSince(event.target.value as TimelineSince)}
              data-testid="timeline-since"
              className="h-8 appearance-none rounded-md border border-border bg-surface-raised pr-7 pl-2.5 text-xs"
            >
              {Object.keys(TIMELINE_SINCE_PRESETS).map((key) => (
                <option key={key} value={key}>
                  Last {key}
                </option>
              ))}
            </select>
            <SelectChevron />
          </span>
        </label>
      </div>
      {!loaded ? (
        <div className="flex h-32 items-center justify-center gap-2 text-sm text-text-muted" aria-busy="true">
          <Spinner /> Reading the history…
        </div>
      ) : loaded.error ? (
        <EmptyState
          data-testid={loaded.error.code === "FORBIDDEN" ? "timeline-forbidden" : "timeline-error"}
          title={loaded.error.code === "FORBIDDEN" ? "You may not see this history" : "The timeline cannot be shown"}
          description={loaded.error.message}
        />
      ) : items.length === 0 ? (
        <EmptyState
          data-testid="timeline-empty"
          title={`Nothing happened in the last ${since}`}
          description="No events, no actions through Pilothouse and no new revision. Try a longer window."
        />
      ) : (
        <ol className="relative ml-2 border-l border-border" data-testid="timeline-items">
          {items.map((item, index) => (
            <TimelineRow key={`${item.source}-${item.time}-${index}`} item={item} />
          ))}
        </ol>
      )}
      {loaded?.timeline?.truncated ? (
        <p className="text-xs text-text-muted">
          Only the newest 500 entries are shown; choose a shorter window to see all of it.
        </p>
      ) : null}
    </section>
  );
}

function Legend() {
  return (
    <span className="flex items-center gap-3 text-text-muted">
      <Dot className="bg-accent" /> action
      <Dot className="bg-success" /> revision
      <Dot className="bg-warning" /> warning
      <Dot className="bg-border-strong" /> event
    </span>
  );
}

function Dot({ className }: { className: string }) {
  return <span aria-hidden="true" className={cn("inline-block size-2 rounded-full", className)} />;
}

function TimelineRow({ item }: { item: TimelineItem }) {
  return (
    <li className="relative mb-3 pl-5" data-testid={`timeline-${item.source}`}>
      <span
        aria-hidden="true"
        className={cn("absolute top-1.5 -left-[5px] size-2.5 rounded-full ring-2 ring-surface", dotOf(item))}
      />
      <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <time dateTime={item.time} className="text-xs text-text-muted tabular-nums" title={item.time}>
          {formatTime(item.time)}
        </time>
        <Headline item={item} />
      </div>
      <Detail item={item} />
    </li>
  );
}

function Headline({ item }: { item: TimelineItem }) {
  if (item.source === "audit") {
    return (
      <span className="font-medium">
        {item.actor ?? "Someone"} · {item.action}
        {item.outcome && item.outcome !== "success" ? (
          <Badge tone="danger" className="ml-2">
            {item.outcome}
          </Badge>
        ) : null}
      </span>
    );
  }
  if (item.source === "revision") {
    return <span className="font-medium text-success">Revision {item.revision} rolled out</span>;
  }
  return (
    <span className={cn("font-medium", item.type === "Warning" && "text-warning")}>
      {item.reason}
      <span className="ml-2 font-normal text-text-muted">
        {item.object.kind} {item.object.name}
        {item.count > 1 ? ` · ×${item.count}` : ""}
      </span>
    </span>
  );
}

function Detail({ item }: { item: TimelineItem }) {
  const text =
    item.source === "audit"
      ? [item.summary, item.detail].filter(Boolean).join(" — ")
      : item.source === "revision"
        ? `${item.name}: ${item.images.join(", ")}`
        : item.message;
  if (!text) return null;
  return <p className="mt-0.5 text-xs break-words text-text-muted">{text}</p>;
}

function dotOf(item: TimelineItem): string {
  if (item.source === "audit") return "bg-accent";
  if (item.source === "revision") return "bg-success";
  return item.type === "Warning" ? "bg-warning" : "bg-border-strong";
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return date.toLocaleString([], {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}
