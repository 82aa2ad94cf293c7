/**
 * The small parts the watch loop stands on: the line reader, the backoff, the per-cluster
 * bulkhead, the resource paths, the scrub and the row interner. The loop itself is tested against real clusters
 * (tests/integration/watch-hub.test.ts, watch-faults.test.ts).
 */
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createBackoff } from "@/lib/server/k8s/backoff";
import { Bulkhead } from "@/lib/server/k8s/bulkhead";
import type { ResourceRow } from "@/lib/resources/types";
import { RowInterner } from "@/lib/server/k8s/intern";
import { readLines } from "@/lib/server/k8s/json-lines";
import { collectionPath, objectPath } from "@/lib/server/k8s/resource-path";
import { scrubObject } from "@/lib/server/k8s/scrub";
import { refusalOf } from "../support/refusal";

async function collect(stream: Readable, max = 1024): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(stream, max)) lines.push(line.toString("utf8"));
  return lines;
}

describe("readLines", () => {
  it("splits lines across chunk boundaries, skipping empty lines, including a last unterminated one", async () => {
    const chunks = ['{"a":', '1}\n{"b"', ":2}\n\n", '{"c":3}\n{"d":', "4}"].map((text) => Buffer.from(text));
    expect(await collect(Readable.from(chunks))).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}']);
  });

  it("keeps multi-byte characters whole when a chunk splits them", async () => {
    const bytes = Buffer.from('{"name":"über-pod"}\n');
    const chunks = [bytes.subarray(0, 10), bytes.subarray(10)];
    expect(await collect(Readable.from(chunks))).toEqual(['{"name":"über-pod"}']);
  });

  it("fails on a line longer than the bound, even before its newline arrives, and closes the stream", async () => {
    const stream = new PassThrough();
    stream.write("x".repeat(600));
    stream.write("x".repeat(600));
    const reading = collect(stream);
    await expect(reading).rejects.toThrow(AppError);
    await expect(reading).rejects.toThrow("larger than 1024 bytes");
    expect(stream.destroyed).toBe(true);
  });
});

describe("createBackoff", () => {
  it("doubles up to the cap, with half of each step random, and starts over after reset()", () => {
    const low = createBackoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
    expect(Array.from({ length: 6 }, () => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    const high = createBackoff({ baseMs: 100, maxMs: 1000, random: () => 1 });
    expect(Array.from({ length: 6 }, () => high.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    high.reset();
    expect(high.next()).toBe(100);
  });
});

describe("Bulkhead", () => {
  it("runs at most `limit` tasks per key, queues the rest in order, and never holds up another key", async () => {
    const bulkhead = new Bulkhead(2);
    const started: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        started.push(name);
        gates.set(name, () => resolve(name));
      });
    const slow = ["s1", "s2", "s3", "s4"].map((name) => bulkhead.run("slow", task(name)));
    const fast = bulkhead.run("fast", task("f1"));
    await Promise.resolve();
    expect(started).toEqual(["s1", "s2", "f1"]);
    expect(bulkhead.queued("slow")).toBe(2);
    gates.get("f1")!();
    await expect(fast).resolves.toBe("f1");
    gates.get("s2")!();
    await slow[1];
    await Promise.resolve();
    expect(started).toEqual(["s1", "s2", "f1", "s3"]);
    for (const name of ["s1", "s3"]) gates.get(name)!();
    await Promise.all([slow[0], slow[2]]);
    gates.get("s4")!();
    await expect(Promise.all(slow)).resolves.toEqual(["s1", "s2", "s3", "s4"]);
    expect(bulkhead.queued("slow")).toBe(0);
  });

  it("drops a waiting task whose signal aborts, and frees its slot for the next", async () => {
    const bulkhead = new Bulkhead(1);
    let release!: () => void;
    const holder = bulkhead.run("c", () => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const abandoned = bulkhead.run("c", async () => "never", controller.signal);
    const next = bulkhead.run("c", async () => "next");
    controller.abort(new Error("viewer left"));
    await expect(abandoned).rejects.toThrow("viewer left");
    expect(bulkhead.queued("c")).toBe(1);
    release();
    await holder;
    await expect(next).resolves.toBe("next");
  });
});

describe("resource paths", () => {
  const pods = { group: "", version: "v1", plural: "pods", namespaced: true };
  const deployments = { group: "apps", version: "v1", plural: "deployments", namespaced: true };
  const nodes = { group: "", version: "v1", plural: "nodes", namespaced: false };

  it("builds core, grouped, namespaced and cluster-wide paths", () => {
    expect(collectionPath(pods)).toBe("/api/v1/pods");
    expect(collectionPath(pods, "shop")).toBe("/api/v1/namespaces/shop/pods");
    expect(collectionPath(deployments, "shop")).toBe("/apis/apps/v1/namespaces/shop/deployments");
    expect(objectPath(nodes, "realk8s-4-node")).toBe("/api/v1/nodes/realk8s-4-node");
    expect(objectPath(pods, "web:1", "shop")).toBe("/api/v1/namespaces/shop/pods/web%3A1");
  });

  it.each([
    ["namespace", () => collectionPath(pods, "../secrets")],
    ["namespace", () => collectionPath(nodes, "shop")],
    ["group", () => collectionPath({ ...deployments, group: "apps/v1/../../api" })],
    ["version", () => collectionPath({ ...pods, version: "v1?watch=1" })],
    ["resource", () => collectionPath({ ...pods, plural: "pods/exec" })],
    ["name", () => objectPath(pods, "..", "shop")],
    ["name", () => objectPath(pods, "a/b", "shop")],
    ["namespace", () => objectPath(pods, "web")],
  ])("refuses a malformed %s", (path, build) => {
    expect(refusalOf(build).path).toBe(path);
  });
});

describe("scrubObject", () => {
  const secret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: "db-credentials",
      annotations: {
        "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"aHVudGVyMg=="}}',
        team: "payments",
      },
      managedFields: [{ manager: "kubectl" }],
    },
    type: "Opaque",
    data: { password: "aHVudGVyMg==" },
    stringData: { password: "hunter2" },
  };
  const secrets = { group: "", version: "v1", plural: "secrets", namespaced: true };

  it("drops Secret values, the last-applied annotation and managedFields, without touching the original", () => {
    const scrubbed = scrubObject(secret, secrets);
    expect(JSON.stringify(scrubbed)).not.toMatch(/aHVudGVyMg|hunter2|managedFields|last-applied/);
    expect(scrubbed.metadata?.annotations).toEqual({ team: "payments" });
    expect(scrubbed.type).toBe("Opaque");
    expect(secret.data.password).toBe("aHVudGVyMg==");
  });

  it("keeps other kinds' data, and applies the kind's own redact last", () => {
    const configMap = { metadata: { name: "settings" }, data: { mode: "fast" } };
    const configMaps = { ...secrets, plural: "configmaps" };
    expect(scrubObject(configMap, configMaps).data).toEqual({ mode: "fast" });
    const redacted = scrubObject(configMap, configMaps, (object) => ({ ...object, data: { mode: "hidden" } }));
    expect(redacted.data).toEqual({ mode: "hidden" });
  });
});

describe("RowInterner", () => {
  function podRow(index: number, overrides: Partial<ResourceRow> = {}): ResourceRow {
    return {
      uid: `uid-${index}`,
      name: `web-${index}`,
      namespace: ["sh", "op"].join(""), // built at run time, like JSON.parse's fresh strings
      resourceVersion: String(index),
      createdAt: "2026-12-01T10:00:00Z",
      labels: { app: "web", tier: ["front", "end"].join("") },
      owner: { kind: "ReplicaSet", name: "web-abc", uid: "rs-1" },
      cells: { ready: ["1", "1"].join("/"), restarts: index, images: ["nginx:1.21.6"], ip: `10.0.0.${index}` },
      status: { label: "Running", tone: "ok" },
      ...overrides,
    };
  }

  it("returns rows equal to what it was given, sharing repeated strings and frozen objects", () => {
    const interner = new RowInterner();
    const [first, second] = [podRow(1), podRow(2)].map((row) => interner.row(row));
    expect(first).toEqual(podRow(1));
    expect(second).toEqual(podRow(2));
    expect(second!.labels).toBe(first!.labels);
    expect(second!.owner).toBe(first!.owner);
    expect(second!.status).toBe(first!.status);
    expect(second!.cells.images).toBe(first!.cells.images);
    expect(Object.isFrozen(first!.labels)).toBe(true);
    expect(second!.cells).not.toBe(first!.cells);
  });

  it("stops pooling at its capacity and never pools long values, still returning them unchanged", () => {
    const interner = new RowInterner(2);
    const rows = Array.from({ length: 5 }, (_, index) =>
      interner.row(podRow(index, { labels: { app: `app-${index}` }, status: { label: "x".repeat(600), tone: "ok" } })),
    );
    expect(rows.map((row) => row.labels)).toEqual([0, 1, 2, 3, 4].map((index) => ({ app: `app-${index}` })));
    // The first row's labels and owner fill the two places; later label sets are not pooled.
    expect(Object.isFrozen(rows[0]!.labels)).toBe(true);
    expect(rows[1]!.owner).toBe(rows[0]!.owner);
    expect(Object.isFrozen(rows[2]!.labels)).toBe(false);
    expect(rows[3]!.status).not.toBe(rows[4]!.status); // too long to pool
  });
});
