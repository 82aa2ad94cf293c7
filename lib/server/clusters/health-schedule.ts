/**
 * When the health monitor checks a cluster next: pure arithmetic, tested by tables
 * (docs/architecture.md, Reliability). A closed circuit checks on a steady interval; after
 * FAILURES_TO_OPEN failures in a row it opens, and from then on a single probe runs on a short,
 * capped, jittered schedule (5 s → 10 s → 20 s → … → 60 s, ±20%) until one succeeds and closes it.
 */

import { HEALTH_CHECK_INTERVAL_MS } from "@/lib/wire/clusters";

export const CHECK_INTERVAL_MS = HEALTH_CHECK_INTERVAL_MS;
export const FAILURES_TO_OPEN = 3;
export const HALF_OPEN_FIRST_DELAY_MS = 5_000;
export const HALF_OPEN_MAX_DELAY_MS = 60_000;
/** ±20%: clusters that went down together (one network outage) do not probe in lockstep. */
export const JITTER_RATIO = 0.2;

export type CircuitState = "closed" | "open";

export type ScheduleInput = {
  /** Consecutive failures including the one just recorded; 0 after a success. */
  failures: number;
  now: number;
  /** [0, 1): Math.random in production, fixed in tests. */
  random: number;
};

export type Scheduled = { circuit: CircuitState; nextCheckAt: number };

/** The circuit and the next check time after a check ended with `failures` consecutive failures. */
export function scheduleAfterCheck({ failures, now, random }: ScheduleInput): Scheduled {
  if (failures < FAILURES_TO_OPEN) return { circuit: "closed", nextCheckAt: now + CHECK_INTERVAL_MS };
  const probe = failures - FAILURES_TO_OPEN; // 0 for the probe right after opening
  return { circuit: "open", nextCheckAt: now + halfOpenDelayMs(probe, random) };
}

/** The delay before half-open probe number `probe` (0-based): doubling from 5 s, capped at 60 s, ±20%. */
export function halfOpenDelayMs(probe: number, random: number): number {
  // 2 ** probe is bounded by the cap long before it could overflow; clamp the exponent anyway.
  const base = Math.min(HALF_OPEN_FIRST_DELAY_MS * 2 ** Math.min(probe, 16), HALF_OPEN_MAX_DELAY_MS);
  const jitter = 1 + JITTER_RATIO * (2 * random - 1);
  return Math.round(base * jitter);
}
