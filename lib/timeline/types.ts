import { z } from "zod";

/**
 * The timeline of one workload or pod (docs/logs.md, Timeline): its events and its pods' and
 * ReplicaSets' events from the event history, Pilothouse's own audited actions on it, and its
 * rollout revisions, on one time axis. Isomorphic: the route's schema and the component's types.
 */

export const TIMELINE_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Relative windows the timeline offers; `since` also takes an ISO time. */
export const TIMELINE_SINCE_PRESETS = { "1h": 3_600_000, "6h": 21_600_000, "24h": 86_400_000, "7d": 604_800_000 };
export type TimelineSince = keyof typeof TIMELINE_SINCE_PRESETS;

const sinceParam = z.union(
  [
    z.enum(Object.keys(TIMELINE_SINCE_PRESETS) as [TimelineSince, ...TimelineSince[]]),
    z.iso.datetime({ offset: true }),
  ],
  { error: "must be 1h, 6h, 24h, 7d or an ISO time such as 2026-12-01T18:00:00Z" },
);

export const timelineQuerySchema = z.object({
  kind: z.enum(TIMELINE_KINDS, { error: `must be one of ${TIMELINE_KINDS.join(", ")}` }),
  namespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a namespace name")
    .max(63),
  name: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, "must be an object name"),
  since: sinceParam.optional(),
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

export type TimelineEvent = {
  source: "event";
  time: string;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  count: number;
  /** The object the event is about: the workload itself, one of its ReplicaSets or pods. */
  object: { kind: string; name: string };
};

export type TimelineAction = {
  source: "audit";
  time: string;
  action: string;
  actor: string | null;
  summary: string | null;
  outcome: "success" | "failure" | "denied" | null;
  detail: string | null;
};

export type TimelineRevision = {
  source: "revision";
  time: string;
  revision: number;
  /** The ReplicaSet that holds it. */
  name: string;
  images: string[];
};

export type TimelineItem = TimelineEvent | TimelineAction | TimelineRevision;

export type Timeline = {
  object: { kind: TimelineKind; namespace: string; name: string };
  since: string;
  /** Oldest first. */
  items: TimelineItem[];
  /** Items left out past the limit (the newest are kept). */
  truncated: boolean;
};

export function sinceTime(since: TimelineQuery["since"], now = Date.now()): Date {
  if (!since) return new Date(now - TIMELINE_SINCE_PRESETS["24h"]);
  if (since in TIMELINE_SINCE_PRESETS) return new Date(now - TIMELINE_SINCE_PRESETS[since as TimelineSince]);
  return new Date(since);
}
