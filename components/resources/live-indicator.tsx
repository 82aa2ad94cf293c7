"use client";

import type { AggregateState } from "@/lib/realtime/live-aggregate";
import type { LiveListState, LiveState } from "@/lib/realtime/live-list";
import { cn } from "@/lib/cn";

/** Each freshness state's colours (the fleet cards add "unreachable"). */
export const LIVE_LOOK: Record<LiveState, { dot: string; text: string }> = {
  connecting: { dot: "bg-text-muted animate-pulse", text: "text-text-muted" },
  live: { dot: "bg-success", text: "text-success" },
  reconnecting: { dot: "bg-warning animate-pulse", text: "text-warning" },
  stale: { dot: "bg-danger", text: "text-danger" },
};

/** How fresh the rows are, in words: Connecting…, Live, Reconnecting…, or Stale since 14:02 (and why). */
export function LiveIndicator({
  list,
  testId = "live-indicator",
}: {
  list: Pick<LiveListState, "state" | "since" | "sources">;
  testId?: string;
}) {
  const look = LIVE_LOOK[list.state];
  const reason = list.sources.find((source) => source.state === list.state && source.reason)?.reason;
  return (
    <span
      role="status"
      data-testid={testId}
      data-state={list.state}
      title={reason}
      className={cn("inline-flex items-center gap-1.5 text-xs font-medium", look.text)}
    >
      <span aria-hidden="true" className={cn("size-2 shrink-0 rounded-full", look.dot)} />
      {liveStateLabel(list.state, list.since)}
    </span>
  );
}

/** The same truth for figures the server pushes (lib/realtime/use-aggregate.ts). */
export function AggregateIndicator({
  live,
  testId,
}: {
  live: Pick<AggregateState<unknown>, "state" | "since" | "reason">;
  testId?: string;
}) {
  const sources = live.reason && live.state !== "connecting" ? [{ state: live.state, reason: live.reason }] : [];
  return <LiveIndicator list={{ state: live.state, since: live.since, sources }} testId={testId} />;
}

export function liveStateLabel(state: LiveState, since: string) {
  if (state === "connecting") return "Connecting…";
  if (state === "live") return "Live";
  if (state === "reconnecting") return "Reconnecting…";
  return `Stale since ${clockTime(since)}`;
}

/** 14:02, in the reader's locale. */
export function clockTime(iso: string) {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
