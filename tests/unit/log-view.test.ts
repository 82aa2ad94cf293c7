import { describe, expect, it } from "vitest";
import {
  fullLogUrl,
  type LogViewParams,
  parseLogFilter,
  podColor,
  prettyJson,
  searchRanges,
  sinceSecondsOf,
  subscribeRequestOf,
} from "@/lib/logs/log-view";

const CLUSTER = "7d4c2a9e-1111-4b1b-9b1b-123456789abc";
const NONE: LogViewParams = {
  ns: null,
  pod: null,
  kind: null,
  name: null,
  selector: null,
  container: null,
  tail: null,
  since: null,
  previous: false,
  ts: false,
  q: null,
  find: null,
  wrap: false,
  prefix: true,
};

function kept(filter: string, lines: string[]) {
  const parsed = parseLogFilter(filter);
  if (!parsed.ok) throw new Error(parsed.error);
  return lines.filter((line) => parsed.test?.(line) ?? true);
}

describe("the log filter", () => {
  const lines = ["GET /healthz 200", "ERROR timeout talking to db", "error: connection refused", "ok"];

  it("matches text in any case, a /regex/ with flags, and negates with !", () => {
    expect(kept("error", lines)).toEqual(lines.slice(1, 3));
    expect(kept("/^ERROR/", lines)).toEqual([lines[1]]);
    expect(kept("/timeout|refused/i", lines)).toEqual(lines.slice(1, 3));
    expect(kept("!healthz", lines)).toEqual(lines.slice(1));
    expect(kept("!/error/i", lines)).toEqual([lines[0], lines[3]]);
    expect(kept("  ", lines)).toEqual(lines);
  });

  it("names what is wrong with a bad regular expression", () => {
    expect(parseLogFilter("/(unclosed/")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Not a valid regular expression/),
    });
    expect(parseLogFilter("/x/g")).toMatchObject({ ok: false, error: expect.stringContaining('flags "g"') });
    expect(parseLogFilter("x".repeat(501))).toMatchObject({ ok: false });
  });
});

describe("search, JSON and colours", () => {
  it("finds every occurrence of text or a regex, bounded", () => {
    expect(searchRanges("Error then error", "error")).toEqual([
      [0, 5],
      [11, 16],
    ]);
    expect(searchRanges("a1 b22 c333", "/\\d+/")).toEqual([
      [1, 2],
      [4, 6],
      [8, 11],
    ]);
    expect(searchRanges("aaaa", "a", 2)).toHaveLength(2);
    expect(searchRanges("x", "/(/")).toEqual([]);
  });

  it("pretty-prints JSON lines only", () => {
    expect(prettyJson('{"level":"info","n":1}')).toBe('{\n  "level": "info",\n  "n": 1\n}');
    expect(prettyJson("{not json")).toBeNull();
    expect(prettyJson("plain")).toBeNull();
  });

  it("gives a pod the same colour every time", () => {
    expect(podColor("web-1")).toBe(podColor("web-1"));
    expect(new Set(["a", "b", "c", "d", "e", "f"].map(podColor)).size).toBeGreaterThan(1);
  });
});

describe("the URL as a log view", () => {
  it("reads a pod, a workload or a selector, with the tail or a time window", () => {
    expect(subscribeRequestOf(CLUSTER, { ...NONE, ns: "shop" })).toBeUndefined();
    expect(subscribeRequestOf(CLUSTER, { ...NONE, ns: "shop", pod: "web-1", container: "web", tail: 50 })).toEqual({
      clusterId: CLUSTER,
      namespace: "shop",
      pod: "web-1",
      container: "web",
      tailLines: 50,
    });
    expect(subscribeRequestOf(CLUSTER, { ...NONE, ns: "shop", kind: "Deployment", name: "web", since: "1h" })).toEqual({
      clusterId: CLUSTER,
      namespace: "shop",
      workload: { kind: "Deployment", name: "web" },
      sinceSeconds: 3600,
    });
    expect(subscribeRequestOf(CLUSTER, { ...NONE, ns: "shop", kind: "Service", name: "web" })).toBeUndefined();
    expect(subscribeRequestOf(CLUSTER, { ...NONE, ns: "shop", selector: "app=web", previous: true })).toMatchObject({
      labelSelector: "app=web",
      previous: true,
      tailLines: 500,
    });
  });

  it("turns a custom since into seconds back, and builds the full-log link", () => {
    const now = Date.parse("2026-12-01T18:10:00Z");
    expect(sinceSecondsOf("2026-12-01T18:00:00Z", now)).toBe(600);
    expect(sinceSecondsOf("nonsense", now)).toBeUndefined();
    expect(fullLogUrl(CLUSTER, "payments", "ledger-1", { ...NONE, previous: true, ts: true })).toBe(
      `/api/v1/clusters/${CLUSTER}/pods/payments/ledger-1/log?previous=true&timestamps=true`,
    );
  });
});
