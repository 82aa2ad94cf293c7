"use client";

import { HEALTH_CHECK_INTERVAL_MS } from "@/lib/wire/clusters";
import { formatCheckedAt } from "./format";
import type { ClusterHealthData } from "./types";
import { useNow } from "./use-now";

/**
 * When the cluster was checked and when it will be next, in words. While the circuit is open the
 * line says checks are paused and counts down to the next probe; it never claims a steady
 * interval that is not running.
 */
export function HealthTiming({ health, testId }: { health: ClusterHealthData; testId?: string }) {
  const now = useNow(1000);
  const open = health.circuit === "open";
  return (
    <span data-testid={testId} data-circuit={health.circuit}>
      {open ? "Checks paused after repeated failures · " : null}
      {open ? nextCheckText(health.nextCheckAt, now) : checkedText(health, now)}
    </span>
  );
}

function checkedText(health: ClusterHealthData, now: number | null) {
  if (!health.checkedAt) return "not checked yet";
  return `checked ${ago(health.checkedAt, now)} · every ${HEALTH_CHECK_INTERVAL_MS / 1000} s`;
}

function nextCheckText(nextCheckAt: string | null, now: number | null) {
  if (!nextCheckAt) return "next check soon";
  if (now === null) return `next check at ${formatCheckedAt(nextCheckAt)}`;
  const seconds = Math.ceil((Date.parse(nextCheckAt) - now) / 1000);
  return seconds > 0 ? `next check in ${formatSeconds(seconds)}` : "checking now…";
}

function ago(iso: string, now: number | null) {
  if (now === null) return formatCheckedAt(iso);
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return seconds < 5 ? "just now" : `${formatSeconds(seconds)} ago`;
}

function formatSeconds(seconds: number) {
  if (seconds < 90) return `${seconds} s`;
  return `${Math.round(seconds / 60)} min`;
}
