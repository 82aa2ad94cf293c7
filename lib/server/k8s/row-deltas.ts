import type { ResourceRow } from "@/lib/resources/types";
import type { DeltaType, WatchDelta } from "@/lib/wire/watch";

/**
 * The two pure halves of keeping viewers in step with a cache of rows (docs/realtime.md):
 * what a relist changed, and how many changes within one batch window collapse into few.
 */

/**
 * What a fresh list implies for a cache: DELETED for uids that vanished, MODIFIED for changed
 * resourceVersions, ADDED for new uids. resourceVersion is opaque, so only equality is asked.
 */
export function diffRelist(cached: ReadonlyMap<string, ResourceRow>, listed: readonly ResourceRow[]): WatchDelta[] {
  const deltas: WatchDelta[] = [];
  const seen = new Set<string>();
  for (const row of listed) {
    seen.add(row.uid);
    const before = cached.get(row.uid);
    if (!before) deltas.push({ type: "ADDED", row });
    else if (before.resourceVersion !== row.resourceVersion) deltas.push({ type: "MODIFIED", row });
  }
  for (const [uid, row] of cached) if (!seen.has(uid)) deltas.push({ type: "DELETED", row });
  return deltas;
}

type Pending = { existedBefore: boolean; row: ResourceRow; present: boolean };

/**
 * Deltas collected over one batch window, one entry per uid, so a row edited five times is sent
 * once in its last state. What matters is whether the viewer had the row when the window opened
 * (the first delta tells: ADDED means it did not) and whether it exists when the window closes:
 *
 * | had it | has it now | sent                      |
 * |--------|------------|---------------------------|
 * | no     | yes        | ADDED (last state)        |
 * | no     | no         | nothing (added, then gone) |
 * | yes    | yes        | MODIFIED (last state)     |
 * | yes    | no         | DELETED                   |
 */
export class DeltaBatch {
  private readonly pending = new Map<string, Pending>();

  get size(): number {
    return this.pending.size;
  }

  add(type: DeltaType, row: ResourceRow) {
    const entry = this.pending.get(row.uid);
    const present = type !== "DELETED";
    if (entry) {
      entry.row = row;
      entry.present = present;
    } else {
      this.pending.set(row.uid, { existedBefore: type !== "ADDED", row, present });
    }
  }

  /** The coalesced deltas, in the order their uids first changed; empties the batch. */
  take(): WatchDelta[] {
    const deltas: WatchDelta[] = [];
    for (const { existedBefore, row, present } of this.pending.values()) {
      if (present) deltas.push({ type: existedBefore ? "MODIFIED" : "ADDED", row });
      else if (existedBefore) deltas.push({ type: "DELETED", row });
    }
    this.pending.clear();
    return deltas;
  }
}
