import { describe, expect, it } from "vitest";
import { eventGroupsWindow, mergeEventRows, overviewData, OVERVIEW_TOP } from "@/lib/resources/aggregates";
import { isFromHistory, recordedEventRow } from "@/lib/resources/recorded-events";
import type { ResourceRow, Tone } from "@/lib/resources/types";

function event(uid: string, object: string, count: number, lastSeen: string, type = "Warning"): ResourceRow {
  return {
    uid,
    name: uid,
    namespace: "shop",
    resourceVersion: "1",
    createdAt: null,
    cells: { type, reason: "BackOff", object, message: `m-${uid}`, count, lastSeen },
    status: { label: type, tone: type === "Warning" ? "warn" : "info" },
  };
}

function pod(name: string, tone: Tone, label = "Running"): ResourceRow {
  return {
    uid: name,
    name,
    namespace: "shop",
    resourceVersion: "1",
    createdAt: null,
    cells: { phase: "Running", node: "n1", cpuRequest: 0.1, memoryRequest: 1024 },
    status: { label, tone },
  };
}

describe("event history merged with live events", () => {
  it("keeps one row per uid, the one that saw more, and marks what only the history holds", () => {
    const recorded = recordedEventRow({
      uid: "a",
      namespace: "shop",
      involvedObject: { kind: "pod", name: "web", uid: null },
      type: "Warning",
      reason: "BackOff",
      message: "old",
      source: null,
      count: 2,
      lastSeen: "2026-12-01T10:00:00Z",
      recordedAt: "2026-12-01T10:00:00Z",
    });
    const forgotten = { ...recorded, uid: "b", name: "b" };
    const live = event("a", "pod/web", 5, "2026-12-01T11:00:00Z");
    const merged = mergeEventRows([live], [recorded, forgotten]);
    expect(merged.map((row) => [row.uid, row.cells.count, isFromHistory(row)])).toEqual([
      ["a", 5, false],
      ["b", 2, true],
    ]);
    expect(recorded.status.tone).toBe("error"); // BackOff is a failure reason, as for a live row
  });
});

describe("event groups window", () => {
  it("groups by object with counts, warnings first, and sends only the window with the total", () => {
    const rows = [
      event("1", "pod/a", 3, "2026-12-01T10:00:00Z"),
      event("2", "pod/a", 1, "2026-12-01T10:05:00Z"),
      event("3", "pod/b", 1, "2026-12-01T10:10:00Z", "Normal"),
      event("4", "pod/c", 1, "2026-12-01T09:00:00Z"),
      event("5", "pod/a", 1, "2026-12-01T08:00:00Z"),
      event("6", "pod/a", 1, "2026-12-01T07:00:00Z"),
    ];
    const window = eventGroupsWindow(rows, { offset: 0, limit: 2 });
    expect(window).toMatchObject({ total: 3, warnings: 2, offset: 0 });
    expect(window.groups.map((group) => [group.name, group.count, group.eventCount, group.events.length])).toEqual([
      ["a", 6, 4, 3],
      ["c", 1, 1, 1],
    ]);
    expect(eventGroupsWindow(rows, { offset: 2, limit: 2 }).groups.map((group) => group.name)).toEqual(["b"]);
    expect(eventGroupsWindow(rows, { filter: "POD/C", offset: 0, limit: 10 }).total).toBe(1);
  });
});

describe("overview aggregate", () => {
  it("sends counts and the worst few pods, not every pod, and says which sections were refused", () => {
    const pods = [
      ...Array.from({ length: 20 }, (_, index) => pod(`crash-${index}`, "error", "CrashLoopBackOff")),
      ...Array.from({ length: 100 }, (_, index) => pod(`ok-${index}`, "ok")),
    ];
    const node: ResourceRow = {
      uid: "n1",
      name: "n1",
      resourceVersion: "1",
      createdAt: null,
      cells: { cpu: "4", memory: "8Gi" },
      status: { label: "Ready", tone: "ok" },
    };
    const data = overviewData({
      nodes: [node],
      pods,
      warnings: { refused: "no events for you" },
      workloads: [[], { refused: "no statefulsets" }, []],
    });
    expect(data.pods).toMatchObject({ running: 100, notRunning: 20, total: 120 });
    if ("refused" in data.pods) throw new Error("unexpected");
    expect(data.pods.top).toHaveLength(OVERVIEW_TOP);
    expect(data.nodes).toMatchObject({ total: 1, items: [{ name: "n1", pods: 120 }] });
    expect(data.warnings).toEqual({ refused: "no events for you" });
    expect(data.workloads.kinds[1]).toMatchObject({ resource: "statefulsets.apps", refused: "no statefulsets" });
  });
});
