import type { LineTest } from "./log-view";

/**
 * The log viewer's filter and search indexes (docs/logs.md, "Filter and search"), kept up to date
 * incrementally: each new entry is tested once against the filter and once against the search,
 * never the whole 100k-entry ring again; when the ring drops old entries the indexes drop theirs.
 * A new filter starts both over; a new search term rescans only the visible entries.
 * Framework-free, so unit tests drive it with plain arrays.
 */

/** What the index reads: the ring's entries, oldest first; `entries[i].seq === firstSeq + i`. */
export type IndexedRing = {
  readonly entries: readonly IndexedEntry[];
  readonly firstSeq: number;
};
export type IndexedEntry = { seq: number; type: "line"; text: string } | { seq: number; type: "marker" };

/** A filter or search as the index uses it: a compiled test, and a key that changes with the query. */
export type IndexQuery = { key: string; test: LineTest | undefined };

export type LogIndexView = {
  /** Seqs the filter keeps, oldest first (markers always). */
  visible: readonly number[];
  /** Positions in `visible` of the lines the search term occurs in, oldest first. */
  matches: readonly number[];
};

export class LogIndex {
  /** Seqs the filter keeps. */
  private seqs: number[] = [];
  /** The next seq the filter has not tested. */
  private filteredUpTo = 0;
  private filterKey: string | undefined;
  /**
   * Matches as positions counted from the first visible entry ever kept under this filter, so a
   * dropped prefix of `visible` moves them all at once (`base`) instead of rewriting each.
   */
  private matchPositions: number[] = [];
  private base = 0;
  /** How many visible entries (from `base`) the search has tested. */
  private searchedUpTo = 0;
  private searchKey: string | undefined;

  update(ring: IndexedRing, filter: IndexQuery, search: IndexQuery): LogIndexView {
    if (filter.key !== this.filterKey) this.resetFilter(filter.key);
    if (search.key !== this.searchKey) this.resetSearch(search.key);
    this.dropOlderThan(ring.firstSeq);
    this.filterNew(ring, filter.test);
    this.searchNew(ring, search.test);
    return {
      // New arrays each time, so React re-renders; the string tests above covered new entries only.
      visible: this.seqs.slice(),
      matches: this.matchPositions.map((position) => position - this.base),
    };
  }

  private resetFilter(key: string) {
    this.filterKey = key;
    this.seqs = [];
    this.filteredUpTo = 0;
    this.base = 0;
    // Positions count visible entries, which a new filter changes: the search starts over too.
    this.resetSearch(this.searchKey ?? "");
  }

  private resetSearch(key: string) {
    this.searchKey = key;
    this.matchPositions = [];
    this.searchedUpTo = 0;
    // Positions restart at the current first visible entry.
    this.base = 0;
  }

  /** The ring dropped entries before `firstSeq`: so do both indexes. */
  private dropOlderThan(firstSeq: number) {
    let drop = 0;
    while (drop < this.seqs.length && this.seqs[drop]! < firstSeq) drop++;
    if (drop === 0) return;
    this.seqs = this.seqs.slice(drop);
    this.base += drop;
    // `searchedUpTo` and the positions count from `base`'s origin, so only the dropped matches go.
    let gone = 0;
    while (gone < this.matchPositions.length && this.matchPositions[gone]! < this.base) gone++;
    if (gone > 0) this.matchPositions = this.matchPositions.slice(gone);
    this.searchedUpTo = Math.max(this.searchedUpTo, this.base);
  }

  private filterNew(ring: IndexedRing, test: LineTest | undefined) {
    const { entries, firstSeq } = ring;
    for (let index = Math.max(0, this.filteredUpTo - firstSeq); index < entries.length; index++) {
      const entry = entries[index]!;
      if (entry.type === "marker" || !test || test(entry.text)) this.seqs.push(entry.seq);
    }
    this.filteredUpTo = firstSeq + entries.length;
  }

  private searchNew(ring: IndexedRing, test: LineTest | undefined) {
    const end = this.base + this.seqs.length;
    if (test) {
      for (let position = this.searchedUpTo; position < end; position++) {
        const entry = ring.entries[this.seqs[position - this.base]! - ring.firstSeq];
        if (entry?.type === "line" && test(entry.text)) this.matchPositions.push(position);
      }
    }
    this.searchedUpTo = end;
  }
}
