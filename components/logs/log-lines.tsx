"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { looksLikeJson, podColor, prettyJson, searchRanges } from "@/lib/logs/log-view";
import type { LogEntry } from "@/lib/realtime/log-stream";

export type LogDisplay = { wrap: boolean; prefix: boolean; timestamps: boolean; search: string };

type Props = {
  entries: readonly LogEntry[];
  firstSeq: number;
  /** The seqs shown, in order (the filter's result). */
  visible: readonly number[];
  display: LogDisplay;
  /** Index into `visible` of the current search match, to scroll to and mark. */
  current?: number;
  /** The stream is followed (not a finished previous log): new lines may arrive. */
  following: boolean;
};

const LINE_HEIGHT = 20;
/** How close to the bottom (px) still counts as "at the bottom" and keeps autoscroll on. */
const BOTTOM_SLACK = 24;

/**
 * The virtualized lines (docs/logs.md, The viewer): only what is on screen is in the DOM, so 100k
 * lines scroll like 100. Autoscroll follows new lines until the reader scrolls up; then a "Jump
 * to live" button counts what arrived meanwhile.
 */
export function LogLines({ entries, firstSeq, visible, display, current, following }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  // The virtualizer's methods change on every scroll by design; this component is not memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
    getItemKey: (index) => visible[index] ?? index,
  });
  const atLive = pausedAt === null;

  useLayoutEffect(() => {
    if (atLive && visible.length > 0) virtualizer.scrollToIndex(visible.length - 1, { align: "end" });
  }, [atLive, visible.length, virtualizer]);

  useEffect(() => {
    if (current !== undefined) virtualizer.scrollToIndex(current, { align: "center" });
  }, [current, virtualizer]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK;
    if (atBottom && !atLive) setPausedAt(null);
    else if (!atBottom && atLive) setPausedAt(visible.length);
  };

  const toggleJson = (seq: number) =>
    setExpanded((before) => {
      const next = new Set(before);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });

  const items = virtualizer.getVirtualItems();
  const newSincePause = pausedAt === null ? 0 : Math.max(0, visible.length - pausedAt);

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        role="log"
        aria-live="off"
        aria-label="Log lines"
        data-testid="log-scroll"
        data-autoscroll={atLive ? "on" : "paused"}
        className="h-full overflow-auto rounded-lg border border-border bg-surface-sunken font-mono text-xs leading-5"
      >
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const seq = visible[item.index]!;
            const entry = entries[seq - firstSeq];
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={cn(
                  "absolute top-0 left-0 px-3",
                  display.wrap ? "w-full" : "min-w-full",
                  item.index === current && "bg-warning/15",
                )}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {entry ? (
                  entry.type === "line" ? (
                    <LineRow
                      entry={entry}
                      display={display}
                      expanded={expanded.has(seq)}
                      onToggleJson={() => toggleJson(seq)}
                    />
                  ) : (
                    <MarkerRow entry={entry} />
                  )
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
      {following && !atLive ? (
        <button
          type="button"
          onClick={() => setPausedAt(null)}
          data-testid="jump-to-live"
          className="absolute right-4 bottom-4 rounded-full bg-accent px-3 py-1.5 text-xs font-medium text-accent-contrast shadow-lg hover:bg-accent-hover"
        >
          Jump to live{newSincePause > 0 ? ` (${newSincePause.toLocaleString()} new)` : ""}
        </button>
      ) : null}
    </div>
  );
}

function LineRow({
  entry,
  display,
  expanded,
  onToggleJson,
}: {
  entry: Extract<LogEntry, { type: "line" }>;
  display: LogDisplay;
  expanded: boolean;
  onToggleJson: () => void;
}) {
  const json = looksLikeJson(entry.text);
  const pretty = expanded ? prettyJson(entry.text) : null;
  return (
    <div
      className={cn("flex gap-2", display.wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre")}
      data-testid="log-line"
    >
      {display.timestamps && entry.ts ? (
        <span className="shrink-0 text-text-muted select-none">{shortTime(entry.ts)}</span>
      ) : null}
      {display.prefix ? (
        <>
          <span className={cn("hidden shrink-0 select-none sm:inline", podColor(entry.pod))} data-testid="log-prefix">
            {entry.pod}/{entry.container}
          </span>
          {/* On a phone the full name would push the text off-screen: a colour chip and the pod's suffix. */}
          <span
            className={cn("inline-flex shrink-0 items-center gap-1 select-none sm:hidden", podColor(entry.pod))}
            title={`${entry.pod}/${entry.container}`}
            data-testid="log-prefix-short"
          >
            <span aria-hidden="true" className="size-2 rounded-full bg-current" />
            {podSuffix(entry.pod)}
          </span>
        </>
      ) : (
        <span aria-hidden="true" className={cn("w-1 shrink-0 rounded-full bg-current", podColor(entry.pod))} />
      )}
      {json ? (
        <button
          type="button"
          onClick={onToggleJson}
          title={expanded ? "Show the line as written" : "Pretty-print this JSON line"}
          aria-pressed={expanded}
          className="h-5 shrink-0 rounded-sm px-1 text-text-muted hover:bg-surface-raised hover:text-text"
        >
          {"{}"}
        </button>
      ) : null}
      <span className="min-w-0 text-text">
        {pretty ? (
          <span className="block whitespace-pre">{pretty}</span>
        ) : (
          <Highlighted text={entry.text} term={display.search} />
        )}
      </span>
    </div>
  );
}

function Highlighted({ text, term }: { text: string; term: string }) {
  const ranges = term ? searchRanges(text, term) : [];
  if (ranges.length === 0) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={start} className="rounded-sm bg-warning/40 text-text" data-testid="search-hit">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

const MARKER_TEXT: Record<string, (entry: Extract<LogEntry, { type: "marker" }>) => string> = {
  joined: (entry) => `${entry.pod}/${entry.container} joined`,
  left: (entry) => `${entry.pod}/${entry.container} left (the pod is gone)`,
  restarted: (entry) => `${entry.pod}/${entry.container} restarted: lines below are from the new instance`,
  skipped: (entry) => `${(entry.count ?? 0).toLocaleString()} lines skipped: this page read more slowly than they came`,
  capped: (entry) => entry.message ?? "This view reached its pod limit",
  error: (entry) => `${entry.pod ? `${entry.pod}: ` : ""}${entry.message ?? "The log stream failed"}`,
};

function MarkerRow({ entry }: { entry: Extract<LogEntry, { type: "marker" }> }) {
  const bad = entry.kind === "error" || entry.kind === "skipped" || entry.kind === "capped";
  return (
    <div
      data-testid={`log-marker-${entry.kind}`}
      className={cn(
        "my-0.5 flex items-center gap-2 font-sans text-[11px] font-medium",
        bad ? "text-warning" : "text-text-muted",
      )}
    >
      <span aria-hidden="true" className="h-px w-4 bg-current opacity-50" />
      {MARKER_TEXT[entry.kind]?.(entry) ?? entry.kind}
      <span aria-hidden="true" className="h-px flex-1 bg-current opacity-20" />
    </div>
  );
}

/** `web-7d4b9c-x7k2p` → `x7k2p`: what tells a workload's pods apart. */
function podSuffix(pod: string): string {
  const dash = pod.lastIndexOf("-");
  return dash > 0 && dash < pod.length - 1 ? pod.slice(dash + 1) : pod.slice(0, 8);
}

/** 18:02:03.123 in the reader's zone; the full time is in the tooltip-free text copy. */
function shortTime(ts: string): string {
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return ts;
  return `${date.toLocaleTimeString([], { hour12: false })}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}
