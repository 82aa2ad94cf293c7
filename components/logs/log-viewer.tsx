"use client";

import { parseAsBoolean, parseAsInteger, parseAsString, useQueryStates } from "nuqs";
import { useMemo, useState } from "react";
import { EmptyState, Spinner } from "@/components/ui";
import { LiveIndicator } from "@/components/resources/live-indicator";
import {
  parseLogFilter,
  searchTest,
  subscribeRequestOf,
  targetOf,
  type LogViewParams,
  type LogViewUpdate,
} from "@/lib/logs/log-view";
import type { LogStreamState } from "@/lib/realtime/log-stream";
import { useLogStream } from "@/lib/realtime/use-log-stream";
import { LogActions } from "./log-actions";
import { LogLines } from "./log-lines";
import { LogTargetPicker } from "./log-target-picker";
import { LogToolbar } from "./log-toolbar";
import { useLogIndex } from "./use-log-index";

/** Every setting of a view is in the URL (docs/logs.md, The viewer): a copied link opens the same live view. */
export const LOG_URL_STATE = {
  ns: parseAsString,
  pod: parseAsString,
  kind: parseAsString,
  name: parseAsString,
  selector: parseAsString,
  container: parseAsString,
  tail: parseAsInteger,
  since: parseAsString,
  previous: parseAsBoolean.withDefault(false),
  ts: parseAsBoolean.withDefault(false),
  q: parseAsString,
  find: parseAsString,
  wrap: parseAsBoolean.withDefault(false),
  prefix: parseAsBoolean.withDefault(true),
};

/** A target the page decides (the detail page's Logs tab): the URL keeps only how it is shown. */
export type FixedLogTarget = { ns: string } & ({ pod: string } | { kind: string; name: string });

export function LogViewer({ clusterId, fixed }: { clusterId: string; fixed?: FixedLogTarget }) {
  const [params, setParams] = useQueryStates(LOG_URL_STATE, { history: "replace" });
  const view: LogViewParams = fixed
    ? { ...params, pod: null, kind: null, name: null, selector: null, ...fixed }
    : (params as LogViewParams);
  const target = targetOf(view);
  // `since` as seconds back is measured when the view opens, not at every render.
  const requestKey = JSON.stringify([
    clusterId,
    view.ns,
    view.pod,
    view.kind,
    view.name,
    view.selector,
    view.container,
    view.tail,
    view.since,
    view.previous,
  ]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the parts that change the request
  const request = useMemo(() => subscribeRequestOf(clusterId, view), [requestKey]);
  const stream = useLogStream(request);

  if (!view.ns || !target || !request) {
    return <LogTargetPicker clusterId={clusterId} namespace={view.ns} onPick={(next) => void setParams(next)} />;
  }
  return (
    <OpenView
      clusterId={clusterId}
      view={view}
      stream={stream}
      setParams={(next) => void setParams(next)}
      fixed={Boolean(fixed)}
    />
  );
}

type SetParams = (next: LogViewUpdate) => void;

function OpenView({
  clusterId,
  view,
  stream,
  setParams,
  fixed,
}: {
  clusterId: string;
  view: LogViewParams;
  stream: LogStreamState;
  setParams: SetParams;
  fixed: boolean;
}) {
  // Parsed once per query, so the index's memo sees the same test until the query changes.
  const filter = useMemo(() => parseLogFilter(view.q ?? ""), [view.q]);
  const test = filter.ok ? filter.test : undefined;
  const filterKey = filter.ok ? (view.q ?? "") : "";
  const search = view.find ?? "";
  const searchTester = useMemo(() => searchTest(search), [search]);
  const { visible, matches } = useLogIndex(
    stream,
    { key: filterKey, test },
    { key: search.trim(), test: searchTester },
  );
  // No match is "current" until the reader steps: typing a term must not scroll away from live.
  const [stepped, setStepped] = useState<number | null>(null);
  const currentMatch = stepped === null || matches.length === 0 ? -1 : Math.min(stepped, matches.length - 1);
  const current = currentMatch >= 0 ? matches[currentMatch] : undefined;
  const step = (by: 1 | -1) =>
    setStepped((at) => {
      if (matches.length === 0) return null;
      // The first step goes to the newest match (up) or the oldest (down).
      if (at === null) return by === -1 ? matches.length - 1 : 0;
      return (Math.min(at, matches.length - 1) + by + matches.length) % matches.length;
    });
  const lines = visible.length - countMarkers(stream, visible);

  return (
    <section aria-label="Logs" className="flex h-[calc(100dvh-9rem)] min-h-96 flex-col gap-2" data-testid="log-viewer">
      <LogToolbar
        clusterId={clusterId}
        view={view}
        setParams={setParams}
        filterError={filter.ok ? undefined : filter.error}
        matchCount={matches.length}
        currentMatch={currentMatch}
        onStep={step}
        status={<StreamIndicator stream={stream} previous={view.previous} />}
        fixed={fixed}
      />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-text-muted">
        <span data-testid="log-count">
          {lines.toLocaleString()} {lines === 1 ? "line" : "lines"}
          {view.q && filter.ok ? " match the filter" : ""}
        </span>
        {stream.dropped > 0 ? (
          <span className="text-warning" data-testid="log-dropped">
            Older lines dropped: {stream.dropped.toLocaleString()} (this page keeps the newest 100,000)
          </span>
        ) : null}
        <LogActions clusterId={clusterId} view={view} stream={stream} visible={visible} />
      </div>
      <ViewBody
        stream={stream}
        visible={visible}
        view={view}
        filtered={Boolean(view.q && filter.ok)}
        current={current}
      />
    </section>
  );
}

function ViewBody({
  stream,
  visible,
  view,
  filtered,
  current,
}: {
  stream: LogStreamState;
  visible: readonly number[];
  view: LogViewParams;
  filtered: boolean;
  current?: number;
}) {
  if (stream.phase === "refused") {
    const forbidden = stream.error?.code === "FORBIDDEN";
    return (
      <EmptyState
        data-testid={forbidden ? "logs-forbidden" : "logs-error"}
        title={forbidden ? "You may not read these logs" : "These logs cannot be shown"}
        description={stream.error?.message}
      />
    );
  }
  if (stream.entries.length === 0) {
    if (stream.phase === "connecting" || stream.phase === "reconnecting") {
      return (
        <div
          aria-busy="true"
          className="flex h-40 items-center justify-center gap-2 rounded-lg border border-border bg-surface-raised text-sm text-text-muted"
          data-testid="logs-loading"
        >
          <Spinner /> Opening the log…
        </div>
      );
    }
    return (
      <EmptyState
        data-testid="logs-empty"
        title={view.previous ? "The previous container wrote nothing" : "No lines yet"}
        description={
          view.previous
            ? "Or it has not been restarted, so there is no previous instance to read."
            : "Nothing was written in this window. New lines appear here as the container writes them."
        }
      />
    );
  }
  if (visible.length === 0 && filtered) {
    return (
      <EmptyState
        data-testid="logs-no-match"
        title="No line matches the filter"
        description="New lines that match appear as they arrive. Clear the filter to see every line."
      />
    );
  }
  return (
    <LogLines
      entries={stream.entries}
      firstSeq={stream.firstSeq}
      visible={visible}
      display={{ wrap: view.wrap, prefix: view.prefix, timestamps: view.ts, search: view.find ?? "" }}
      current={current}
      following={!view.previous}
    />
  );
}

/** Live, Reconnecting… or Stale (refused) as the live lists say it; a previous log says it is finished. */
function StreamIndicator({ stream, previous }: { stream: LogStreamState; previous: boolean }) {
  if (previous && stream.phase === "finished") {
    return (
      <span className="text-xs font-medium text-text-muted" data-testid="log-finished">
        Previous container: not followed
      </span>
    );
  }
  const state =
    stream.phase === "live" || stream.phase === "finished"
      ? "live"
      : stream.phase === "refused"
        ? "stale"
        : "reconnecting";
  const reason = stream.error?.message;
  return (
    <LiveIndicator
      list={{ state, since: stream.since, sources: reason ? [{ state, reason, since: stream.since }] : [] }}
    />
  );
}

function countMarkers(stream: LogStreamState, visible: readonly number[]): number {
  let markers = 0;
  for (const seq of visible) if (stream.entries[seq - stream.firstSeq]?.type === "marker") markers++;
  return markers;
}
