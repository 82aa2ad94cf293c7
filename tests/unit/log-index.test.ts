import { describe, expect, it } from "vitest";
import { type IndexedEntry, type IndexQuery, LogIndex } from "@/lib/logs/log-index";
import { parseLogFilter, searchTest } from "@/lib/logs/log-view";

/** A ring as LogStream keeps it: contiguous seqs, old entries dropped from the front. */
class Ring {
  entries: IndexedEntry[] = [];
  private nextSeq = 0;
  get firstSeq() {
    return this.entries[0]?.seq ?? this.nextSeq;
  }
  append(...texts: (string | null)[]) {
    for (const text of texts) {
      const seq = this.nextSeq++;
      this.entries.push(text === null ? { seq, type: "marker" } : { seq, type: "line", text });
    }
    return this;
  }
  dropOldest(count: number) {
    this.entries = this.entries.slice(count);
  }
  /** What the viewer reads: the ring's current entries (a new snapshot per batch). */
  state() {
    return { entries: this.entries.slice(), firstSeq: this.firstSeq };
  }
}

/** A query that counts how often its test runs, to show each entry is tested once. */
function counted(key: string, make: (key: string) => ((text: string) => boolean) | undefined) {
  const inner = make(key);
  const query: IndexQuery & { calls: number } = {
    key,
    calls: 0,
    test: inner
      ? (text) => {
          query.calls++;
          return inner(text);
        }
      : undefined,
  };
  return query;
}
const filterOf = (key: string) =>
  counted(key, (query) => {
    const parsed = parseLogFilter(query);
    return parsed.ok ? parsed.test : undefined;
  });
const searchOf = (key: string) => counted(key, searchTest);

/** The lines at the returned match positions, to assert on text rather than numbers. */
function matchedTexts(ring: Ring, view: { visible: readonly number[]; matches: readonly number[] }) {
  return view.matches.map((position) => {
    const entry = ring.entries[view.visible[position]! - ring.firstSeq];
    return entry?.type === "line" ? entry.text : "(marker)";
  });
}

describe("LogIndex", () => {
  it("tests only new lines as batches arrive, and finds matches in each", () => {
    const index = new LogIndex();
    const ring = new Ring().append("GET /healthz 200", "POST /pay 500 error", null, "GET /pay 200");
    const filter = filterOf("!healthz");
    const search = searchOf("pay");
    let view = index.update(ring.state(), filter, search);
    expect(view.visible).toEqual([1, 2, 3]);
    expect(matchedTexts(ring, view)).toEqual(["POST /pay 500 error", "GET /pay 200"]);
    expect(filter.calls).toBe(3);
    expect(search.calls).toBe(2);

    ring.append("GET /healthz 200", "pay timeout");
    view = index.update(ring.state(), filter, search);
    expect(view.visible).toEqual([1, 2, 3, 5]);
    expect(matchedTexts(ring, view)).toEqual(["POST /pay 500 error", "GET /pay 200", "pay timeout"]);
    // Only the two new lines went through the filter, only the one it kept through the search.
    expect(filter.calls).toBe(5);
    expect(search.calls).toBe(3);

    // The same state again (a re-render) tests nothing.
    index.update(ring.state(), filter, search);
    expect(filter.calls + search.calls).toBe(8);
  });

  it("keeps match positions in step when the ring drops old lines", () => {
    const index = new LogIndex();
    const ring = new Ring();
    for (let i = 0; i < 10; i++) ring.append(i % 3 === 0 ? `hit ${i}` : `line ${i}`);
    const filter = filterOf("");
    const search = searchOf("hit");
    let view = index.update(ring.state(), filter, search);
    expect(matchedTexts(ring, view)).toEqual(["hit 0", "hit 3", "hit 6", "hit 9"]);

    // The ring overflows: 4 oldest go (taking hit 0 and hit 3), 3 arrive.
    ring.dropOldest(4);
    ring.append("hit 10", "line 11", "hit 12");
    view = index.update(ring.state(), filter, search);
    expect(view.visible).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(view.matches).toEqual([2, 5, 6, 8]);
    expect(matchedTexts(ring, view)).toEqual(["hit 6", "hit 9", "hit 10", "hit 12"]);
    expect(search.calls).toBe(13);

    // Everything it had matched goes: only new matches remain.
    ring.dropOldest(9);
    ring.append("hit 13");
    view = index.update(ring.state(), filter, search);
    expect(view.visible).toEqual([13]);
    expect(matchedTexts(ring, view)).toEqual(["hit 13"]);
  });

  it("rescans the kept lines only when the search changes, and starts over when the filter does", () => {
    const index = new LogIndex();
    const ring = new Ring().append("alpha error", "beta ok", "gamma error", "delta ok");
    const filter = filterOf("");
    index.update(ring.state(), filter, searchOf(""));

    const regex = searchOf("/^(beta|delta)/");
    let view = index.update(ring.state(), filter, regex);
    expect(matchedTexts(ring, view)).toEqual(["beta ok", "delta ok"]);
    expect(regex.calls).toBe(4);
    expect(filter.calls).toBe(0);

    // After a drop, a new term rescans what is still loaded.
    ring.dropOldest(2);
    const errors = searchOf("ERROR");
    view = index.update(ring.state(), filter, errors);
    expect(matchedTexts(ring, view)).toEqual(["gamma error"]);
    expect(errors.calls).toBe(2);

    // A new filter: both indexes start over from what is loaded.
    const onlyOk = filterOf("ok");
    const sameTerm = searchOf("ERROR");
    view = index.update(ring.state(), onlyOk, sameTerm);
    expect(view.visible).toEqual([3]);
    expect(view.matches).toEqual([]);
    expect(onlyOk.calls).toBe(2);
    expect(sameTerm.calls).toBe(1);

    // Clearing the search leaves no matches and tests nothing.
    view = index.update(ring.state(), onlyOk, searchOf(""));
    expect(view.matches).toEqual([]);
  });

  it("never matches markers, and keeps them visible under any filter", () => {
    const index = new LogIndex();
    const ring = new Ring().append(null, "marker-like text", null);
    const view = index.update(ring.state(), filterOf("text"), searchOf("/.*/"));
    expect(view.visible).toEqual([0, 1, 2]);
    expect(matchedTexts(ring, view)).toEqual(["marker-like text"]);
  });
});

describe("searchTest", () => {
  it("agrees with the highlighter: any case for text, a non-empty match for a regex, nothing for a bad one", () => {
    expect(searchTest("")).toBeUndefined();
    expect(searchTest("/(/")).toBeUndefined();
    expect(searchTest("Timeout")!("connect TIMEOUT after 3s")).toBe(true);
    const regex = searchTest("/ab+/")!;
    expect([regex("xabb"), regex("xabb"), regex("xa")]).toEqual([true, true, false]);
    expect(searchTest("/x*/")!("abc")).toBe(false);
  });
});
