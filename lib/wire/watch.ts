/**
 * Live-list shapes shared by the watch hub and the browser (docs/realtime.md): a snapshot of rows,
 * then batches of deltas and status changes. Rows only: full objects never travel on a watch.
 */
import type { WatchState } from "@/lib/realtime/contract";
import type { ResourceRow } from "@/lib/resources/types";

export type DeltaType = "ADDED" | "MODIFIED" | "DELETED";

/**
 * One row change. Applying a delta is idempotent: ADDED and MODIFIED mean "this row now reads so"
 * (upsert by uid), DELETED means "this row is gone" (remove by uid).
 */
export type WatchDelta = { type: DeltaType; row: ResourceRow };

/**
 * Why an upstream is not live. RESUBSCRIBE is final: the watch was closed for good (credential
 * rotated, cluster removed) and viewers must subscribe again, which re-checks their access.
 */
export type UpstreamReasonCode =
  "UNREACHABLE" | "FORBIDDEN" | "UNAUTHORIZED" | "NOT_FOUND" | "TOO_LARGE" | "RESUBSCRIBE";

/**
 * state (the contract's WatchState):
 * - live: listed and watching.
 * - reconnecting: the upstream dropped; rows are kept and are probably still right.
 * - stale: unreachable for a while, or refused (then rows are cleared): do not trust the list.
 */
export type UpstreamStatus = {
  state: WatchState;
  /** ISO time the state began. */
  since: string;
  reason?: { code: UpstreamReasonCode; message: string };
};

/** What a room receives: deltas coalesced over one batch window, and the status when it changed. */
export type WatchBatch = {
  deltas: WatchDelta[];
  /** The newest upstream resourceVersion the rows reflect (opaque: compare for equality only). */
  resourceVersion: string;
  status?: UpstreamStatus;
};

export type WatchSnapshot = { rows: ResourceRow[]; resourceVersion: string; status: UpstreamStatus };
