import { describe, expect, it } from "vitest";
import { countFailing, countNodes, countPods, countWarnings } from "@/lib/resources/fleet";
import type { ResourceRow, Tone } from "@/lib/resources/types";

function row(name: string, cells: ResourceRow["cells"], status: { label: string; tone: Tone }): ResourceRow {
  return { uid: name, name, resourceVersion: "1", createdAt: null, cells, status };
}

describe("fleet figures", () => {
  it("counts nodes ready by kubectl's first status word, so Ready,SchedulingDisabled is ready", () => {
    const nodes = [
      row("a", {}, { label: "Ready", tone: "ok" }),
      row("b", {}, { label: "Ready,SchedulingDisabled", tone: "warn" }),
      row("c", {}, { label: "NotReady", tone: "error" }),
    ];
    expect(countNodes(nodes)).toEqual({ ready: 2, total: 3 });
  });

  it("counts pods by phase, an unknown phase as Unknown, and failing pods by their status whatever the phase", () => {
    const pods = [
      row("web", { phase: "Running" }, { label: "Running", tone: "ok" }),
      row("ledger", { phase: "Running" }, { label: "CrashLoopBackOff", tone: "error" }),
      row("trainer", { phase: "Pending" }, { label: "Pending", tone: "warn" }),
      row("job", { phase: "Succeeded" }, { label: "Completed", tone: "muted" }),
      row("odd", { phase: "Weird" }, { label: "Weird", tone: "muted" }),
    ];
    expect(countPods(pods)).toEqual({ Running: 2, Pending: 1, Succeeded: 1, Failed: 0, Unknown: 1 });
    expect(countFailing(pods)).toBe(2);
  });

  it("counts Warning events seen within the last hour only", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    const events = [
      row("recent", { type: "Warning", lastSeen: "2026-12-01T11:30:00Z" }, { label: "BackOff", tone: "warn" }),
      row("old", { type: "Warning", lastSeen: "2026-12-01T10:30:00Z" }, { label: "BackOff", tone: "warn" }),
      row("normal", { type: "Normal", lastSeen: "2026-12-01T11:59:00Z" }, { label: "Pulled", tone: "ok" }),
      row("timeless", { type: "Warning", lastSeen: null }, { label: "Failed", tone: "warn" }),
    ];
    expect(countWarnings(events, now)).toBe(1);
  });
});
