"use client";

import { useMemo, useState } from "react";
import type { LineTest } from "@/lib/logs/log-view";
import type { LogStreamState } from "@/lib/realtime/log-stream";

/**
 * The seqs the filter keeps, kept up to date incrementally: each new batch is tested once, not
 * the whole 100k-line buffer again (a new filter starts over). Markers always show.
 */
class VisibleIndex {
  private seqs: number[] = [];
  private nextSeq = 0;
  private key = "";

  update(state: LogStreamState, test: LineTest | undefined, key: string): readonly number[] {
    if (key !== this.key) {
      this.key = key;
      this.seqs = [];
      this.nextSeq = 0;
    }
    const { entries, firstSeq } = state;
    let drop = 0;
    while (drop < this.seqs.length && this.seqs[drop]! < firstSeq) drop++;
    if (drop > 0) this.seqs = this.seqs.slice(drop);
    for (let index = Math.max(0, this.nextSeq - firstSeq); index < entries.length; index++) {
      const entry = entries[index]!;
      if (entry.type === "marker" || !test || test(entry.text)) this.seqs.push(entry.seq);
    }
    this.nextSeq = firstSeq + entries.length;
    // A new array each time, so the list re-renders; the work above was only the new entries.
    return this.seqs.slice();
  }
}

export function useVisibleLines(state: LogStreamState, test: LineTest | undefined, filterKey: string) {
  const [index] = useState(() => new VisibleIndex());
  return useMemo(() => index.update(state, test, filterKey), [index, state, test, filterKey]);
}
