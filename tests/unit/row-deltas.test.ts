import { describe, expect, it } from "vitest";
import type { ResourceRow } from "@/lib/resources/types";
import { DeltaBatch, diffRelist } from "@/lib/server/k8s/row-deltas";
import type { DeltaType, WatchDelta } from "@/lib/wire/watch";

function row(uid: string, resourceVersion: string, name = uid): ResourceRow {
  return {
    uid,
    name,
    namespace: "shop",
    resourceVersion,
    createdAt: null,
    cells: {},
    status: { label: "Running", tone: "ok" },
  };
}

const summary = (deltas: WatchDelta[]) =>
  deltas.map((delta) => `${delta.type} ${delta.row.uid}@${delta.row.resourceVersion}`);

describe("diffRelist", () => {
  it("emits what a relist implies: vanished uids deleted, changed versions modified, new uids added", () => {
    const cached = new Map([
      ["a", row("a", "1")],
      ["b", row("b", "2")],
      ["c", row("c", "3")],
    ]);
    const listed = [row("a", "1"), row("b", "7"), row("d", "8")];
    expect(summary(diffRelist(cached, listed))).toEqual(["MODIFIED b@7", "ADDED d@8", "DELETED c@3"]);
  });

  it("treats a recreated object (same name, new uid) as one deletion and one addition", () => {
    const cached = new Map([["old-uid", row("old-uid", "5", "web")]]);
    expect(summary(diffRelist(cached, [row("new-uid", "9", "web")]))).toEqual(["ADDED new-uid@9", "DELETED old-uid@5"]);
  });

  it("compares resourceVersions for equality only, never as numbers", () => {
    const cached = new Map([["a", row("a", "10")]]);
    expect(summary(diffRelist(cached, [row("a", "9")]))).toEqual(["MODIFIED a@9"]);
    expect(diffRelist(cached, [row("a", "10")])).toEqual([]);
  });

  it("against an empty cache, everything is added; an empty list deletes everything", () => {
    const rows = [row("a", "1"), row("b", "2")];
    expect(summary(diffRelist(new Map(), rows))).toEqual(["ADDED a@1", "ADDED b@2"]);
    expect(summary(diffRelist(new Map(rows.map((r) => [r.uid, r])), []))).toEqual(["DELETED a@1", "DELETED b@2"]);
  });
});

describe("DeltaBatch coalescing within one window", () => {
  const cases: [string, [DeltaType, string][], string[]][] = [
    ["one change passes through", [["MODIFIED", "2"]], ["MODIFIED x@2"]],
    [
      "five modifications are sent once, in the last state",
      [
        ["MODIFIED", "2"],
        ["MODIFIED", "3"],
        ["MODIFIED", "4"],
        ["MODIFIED", "5"],
        ["MODIFIED", "6"],
      ],
      ["MODIFIED x@6"],
    ],
    [
      "added then modified is an addition of the last state",
      [
        ["ADDED", "1"],
        ["MODIFIED", "2"],
      ],
      ["ADDED x@2"],
    ],
    [
      "added then deleted cancels out: the viewer never had it",
      [
        ["ADDED", "1"],
        ["MODIFIED", "2"],
        ["DELETED", "3"],
      ],
      [],
    ],
    [
      "modified then deleted is a deletion",
      [
        ["MODIFIED", "2"],
        ["DELETED", "3"],
      ],
      ["DELETED x@3"],
    ],
    [
      "deleted then added again (cleared, then relisted) is a modification",
      [
        ["DELETED", "1"],
        ["ADDED", "4"],
      ],
      ["MODIFIED x@4"],
    ],
    [
      "added, deleted and added again is one addition",
      [
        ["ADDED", "1"],
        ["DELETED", "2"],
        ["ADDED", "3"],
      ],
      ["ADDED x@3"],
    ],
  ];

  it.each(cases)("%s", (_name, events, expected) => {
    const batch = new DeltaBatch();
    for (const [type, version] of events) batch.add(type, row("x", version));
    expect(summary(batch.take())).toEqual(expected);
    expect(batch.size).toBe(0);
  });

  it("keeps uids in the order they first changed, and starts empty after take()", () => {
    const batch = new DeltaBatch();
    batch.add("MODIFIED", row("b", "1"));
    batch.add("ADDED", row("a", "2"));
    batch.add("MODIFIED", row("b", "3"));
    expect(summary(batch.take())).toEqual(["MODIFIED b@3", "ADDED a@2"]);
    expect(batch.take()).toEqual([]);
    batch.add("DELETED", row("b", "4"));
    expect(summary(batch.take())).toEqual(["DELETED b@4"]);
  });

  it("replaying coalesced batches leaves a viewer with the same rows as replaying every event", () => {
    // A random walk of events over a few uids, cut into windows at random points.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const truth = new Map<string, ResourceRow>();
    const viewer = new Map<string, ResourceRow>();
    const batch = new DeltaBatch();
    for (let step = 1; step <= 2000; step++) {
      const uid = `u${Math.floor(random() * 5)}`;
      const exists = truth.has(uid);
      const type: DeltaType = !exists ? "ADDED" : random() < 0.3 ? "DELETED" : "MODIFIED";
      const next = row(uid, String(step));
      if (type === "DELETED") truth.delete(uid);
      else truth.set(uid, next);
      batch.add(type, next);
      if (random() < 0.2) applyTo(viewer, batch.take());
    }
    applyTo(viewer, batch.take());
    expect([...viewer.entries()].sort()).toEqual([...truth.entries()].sort());
  });
});

function applyTo(rows: Map<string, ResourceRow>, deltas: WatchDelta[]) {
  for (const delta of deltas) {
    if (delta.type === "DELETED") {
      expect(rows.has(delta.row.uid)).toBe(true);
      rows.delete(delta.row.uid);
    } else {
      expect(rows.has(delta.row.uid)).toBe(delta.type === "MODIFIED");
      rows.set(delta.row.uid, delta.row);
    }
  }
}
