import { describe, expect, it } from "vitest";
import { logsLinesPayload } from "@/lib/realtime/contract";
import { decodeLogLines, encodeLogLines } from "@/lib/realtime/log-wire";

describe("the logs:lines wire format (column arrays)", () => {
  it("round-trips lines of several pods, with spaces, tabs, unicode, empty text and no timestamp", () => {
    const lines = [
      { pod: "web-1", container: "web", ts: "2026-12-01T18:00:00.000000001Z", text: "GET / 200  two  spaces" },
      { pod: "web-2", container: "web", ts: "2026-12-01T18:00:00.000000002Z", text: "\ttabbed ünïcødé 🚀" },
      { pod: "web-1", container: "sidecar", ts: "2026-12-01T18:00:00.000000003Z", text: "" },
      { pod: "web-1", container: "web", ts: "", text: "no timestamp" },
    ];
    const payload = encodeLogLines("s1", lines);
    expect(logsLinesPayload.parse(payload)).toEqual(payload);
    // Each (pod, container) is named once however many lines it has.
    expect(payload.streams).toEqual([
      ["web-1", "web"],
      ["web-2", "web"],
      ["web-1", "sidecar"],
    ]);
    expect(payload.stream).toEqual([0, 1, 2, 0]);
    expect(decodeLogLines(payload)).toEqual(lines);
  });

  it("decodes an empty batch to no lines and skips a line naming no stream", () => {
    expect(decodeLogLines(encodeLogLines("s1", []))).toEqual([]);
    expect(decodeLogLines({ streams: [["p", "c"]], stream: [0, 7], ts: ["a", "b"], text: ["ok", "nobody"] })).toEqual([
      { pod: "p", container: "c", ts: "a", text: "ok" },
    ]);
  });
});
