"use client";

import type { AggregateState } from "@/lib/realtime/live-aggregate";
import type { LiveListState } from "@/lib/realtime/live-list";
import { cn } from "@/lib/cn";

const LOOK = {
  live: { dot: "bg-success", text: "text-success" },
  reconnecting: { dot: "bg-warning animate-pulse", text: "text-warning" },
  stale: { dot: "bg-danger", text: "text-danger" },
} as const;

/** How fresh the rows are, in words: Live, Reconnecting…, or Stale since 14:02 (and why). */
export function LiveIndicator({ list }: { list: Pick<LiveListState, "state" | "since" | "sources"> }) {
  const look = LOOK[list.state];
  const reason = list.sources.find((source) => source.state === list.state && source.reason)?.reason;
  return (
    <span
      role="status"
      data-testid="live-indicator"
      data-state={list.state}
      title={reason}
      className={cn("inline-flex items-center gap-1.5 text-xs font-medium", look.text)}
    >
      <span aria-hidden="true" className={cn("size-2 rounded-full", look.dot)} />
      {labelOf(list.state, list.since)}
    </span>
  );
}

/** The same truth for figures the server pushes (lib/realtime/use-aggregate.ts). */
export function AggregateIndicator({ live }: { live: Pick<AggregateState<unknown>, "state" | "since" | "reason"> }) {
  const sources = live.reason ? [{ state: live.state, reason: live.reason }] : [];
  return <LiveIndicator list={{ state: live.state, since: live.since, sources }} />;
}

function labelOf(state: LiveListState["state"], since: string) {
  if (state === "live") return "Live";
  if (state === "reconnecting") return "Reconnecting…";
  const time = new Date(since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return `Stale since ${time}`;
}
