import { describe, expect, it } from "vitest";
import {
  formatLine,
  LineSplitter,
  mergeByTimestamp,
  ReorderWindow,
  splitTimestamp,
  wholeSecond,
} from "@/lib/server/logs/log-lines";

describe("LineSplitter", () => {
  it("splits lines across chunk boundaries and keeps the unfinished tail for the end", () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from("one\ntw"))).toEqual(["one"]);
    expect(splitter.push(Buffer.from("o\r\nthr"))).toEqual(["two"]);
    expect(splitter.end()).toBe("thr");
    expect(splitter.end()).toBeUndefined();
  });

  it("cuts a line past the bound, marks it, and does not hold the rest", () => {
    const splitter = new LineSplitter(8);
    const lines = [...splitter.push(Buffer.from("abcdefghijkl")), ...splitter.push(Buffer.from("mnop\nnext\n"))];
    expect(lines).toEqual(["abcdefgh …[line cut]", "next"]);
  });

  it("keeps multi-byte characters whole when a chunk splits them", () => {
    const bytes = Buffer.from("héllo\n");
    const splitter = new LineSplitter();
    expect([...splitter.push(bytes.subarray(0, 2)), ...splitter.push(bytes.subarray(2))]).toEqual(["héllo"]);
  });
});

describe("timestamps", () => {
  it("pads the kubelet's fraction to nine digits so timestamps sort as strings", () => {
    expect(splitTimestamp("2026-12-01T18:00:00.1234Z GET /")).toEqual({
      ts: "2026-12-01T18:00:00.123400000Z",
      text: "GET /",
    });
    expect(splitTimestamp("2026-12-01T18:00:00Z x").ts).toBe("2026-12-01T18:00:00.000000000Z");
    expect(splitTimestamp("2026-12-01T19:00:00.5+01:00 x").ts).toBe("2026-12-01T18:00:00.500000000Z");
    expect(splitTimestamp("no stamp here")).toEqual({ ts: "", text: "no stamp here" });
  });

  it("resumes at the whole second of the last line", () => {
    expect(wholeSecond("2026-12-01T18:00:07.999999999Z")).toBe("2026-12-01T18:00:07Z");
  });

  it("merges pods by time and keeps one container's order for equal times", () => {
    const line = (pod: string, ts: string, text: string) => ({ pod, container: "c", ts, text });
    const merged = mergeByTimestamp([
      line("a", "2026-12-01T18:00:02.000000000Z", "a2"),
      line("b", "2026-12-01T18:00:01.000000000Z", "b1"),
      line("a", "2026-12-01T18:00:02.000000000Z", "a2-again"),
    ]);
    expect(merged.map((one) => one.text)).toEqual(["b1", "a2", "a2-again"]);
  });

  it("prints the timestamp only when asked", () => {
    expect(formatLine({ ts: "2026-12-01T18:00:00.000000000Z", text: "x" }, true)).toBe(
      "2026-12-01T18:00:00.000000000Z x",
    );
    expect(formatLine({ ts: "2026-12-01T18:00:00.000000000Z", text: "x" }, false)).toBe("x");
  });
});

describe("ReorderWindow", () => {
  const at = (second: number) => `2026-12-01T18:00:${String(second).padStart(2, "0")}.000000000Z`;
  const line = (pod: string, second: number) => ({ pod, container: "c", ts: at(second), text: `${pod}${second}` });
  const texts = (lines: { text: string }[]) => lines.map((one) => one.text);

  it("holds a pod's line until every pod has caught up, then merges across batches", () => {
    const window = new ReorderWindow(500);
    // b has said nothing newer than 2 yet: a3 and a4 wait for it.
    expect(texts(window.push([line("a", 3), line("a", 4), line("b", 2)], ["a", "b"], 0))).toEqual(["b2"]);
    // b's next batch is older than a's held lines: it comes out first, in one ordered run.
    expect(texts(window.push([line("b", 3), line("b", 5)], ["a", "b"], 100))).toEqual(["a3", "b3", "a4"]);
    expect(window.nextDue(100)).toBe(500);
  });

  it("lets a line out after the window even if a pod stays quiet, and a leaving pod holds none back", () => {
    const window = new ReorderWindow(500);
    expect(window.push([line("a", 1), line("a", 2)], ["a", "quiet"], 0)).toEqual([]);
    expect(texts(window.push([], ["a", "quiet"], 499))).toEqual([]);
    expect(texts(window.push([], ["a", "quiet"], 500))).toEqual(["a1", "a2"]);
    expect(window.nextDue(500)).toBeUndefined();
    expect(window.push([line("a", 3)], ["a", "quiet"], 600)).toEqual([]);
    window.forget("quiet");
    expect(texts(window.push([], ["a"], 601))).toEqual(["a3"]);
  });

  it("never holds more than its bound", () => {
    const window = new ReorderWindow(60_000, 3);
    const out = window.push(
      [1, 2, 3, 4, 5].map((second) => line("a", second)),
      ["a", "b"],
      0,
    );
    expect(texts(out)).toEqual(["a1", "a2"]);
    expect(texts(window.drain())).toEqual(["a3", "a4", "a5"]);
  });
});
