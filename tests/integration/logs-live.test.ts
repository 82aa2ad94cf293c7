/**
 * Live logs through real sockets against REAL apiservers and the fake kubelet behind them
 * (tests/support/realcluster): kubectl is the independent witness of what a container logged.
 */
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getMetrics } from "@/lib/server/metrics";
import { createLogHub, getLogHub, type LogStatus } from "@/lib/server/logs/log-hub";
import { getRealtime } from "@/lib/server/realtime/server";
import { MAX_QUEUED_FRAMES, openLogView } from "@/lib/server/realtime/logs";
import { newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import {
  type LogServer,
  LogViewer,
  memberWithCluster,
  openSocket,
  startLogServer,
  textLines,
} from "../support/log-fixtures";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

const [cluster] = twoTestClusters();
const CONVERGE = { timeout: 30_000, interval: 100 };

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let server: LogServer;
let member: Awaited<ReturnType<typeof memberWithCluster>>;
let namespace: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  server = await startLogServer();
  member = await memberWithCluster(fresh.db, cluster);
  namespace = await createNamespace(cluster, "logs-it");
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await getLogHub().close();
  await server?.close();
  await deleteNamespace(cluster, namespace);
  await fresh?.drop();
});

async function viewer(cookie = member.cookie): Promise<LogViewer> {
  const socket = await openSocket(server.url, cookie);
  sockets.push(socket);
  return new LogViewer(socket);
}

async function podsOf(ns: string, selector: string): Promise<string[]> {
  const list = JSON.parse(await kubectl(cluster, ["get", "pods", "-n", ns, "-l", selector, "-o", "json"])) as {
    items: { metadata: { name: string; deletionTimestamp?: string } }[];
  };
  return list.items.filter((item) => !item.metadata.deletionTimestamp).map((item) => item.metadata.name);
}

async function upstreamLogStreams(clusterId: string): Promise<number> {
  const metric = await getMetrics().upstreamLogStreams.get();
  return metric.values.filter((value) => value.labels.cluster === clusterId).reduce((sum, v) => sum + v.value, 0);
}

/** A Deployment of our own in the test namespace, its pods logging at `rate` lines a second. */
async function deploy(name: string, replicas: number, rate = 1, behavior: Record<string, string> = {}) {
  const manifest = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: { "realk8s.dev/log-rate": String(rate), ...behavior } },
        spec: { containers: [{ name: "app", image: `example.test/${name}:1.0.0` }] },
      },
    },
  };
  await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(manifest));
  await vi.waitFor(async () => {
    const out = await kubectl(cluster, ["get", "pods", "-n", namespace, "-l", `app=${name}`, "-o", "json"]);
    const items = (JSON.parse(out) as { items: { status?: { phase?: string } }[] }).items;
    expect(items.filter((item) => item.status?.phase === "Running")).toHaveLength(replicas);
  }, CONVERGE);
}

describe("live logs over the socket", () => {
  it("sends exactly `kubectl logs --tail N` first, then follows new lines", async () => {
    const [pod] = await podsOf("shop", "app=web");
    const watcher = await viewer();
    const ack = await watcher.subscribe({ clusterId: member.clusterId, namespace: "shop", pod: pod!, tailLines: 10 });
    expect(ack.ok).toBe(true);
    await vi.waitFor(() => expect(watcher.lines.length).toBeGreaterThanOrEqual(10), CONVERGE);
    const first = watcher.lines.slice(0, 10);
    const witness = textLines(await kubectl(cluster, ["logs", "-n", "shop", pod!, "--tail", "200", "--timestamps"]));
    // The ten lines are ten consecutive lines of the container's log, the last ones when we subscribed.
    const start = witness.findIndex((line) => line.endsWith(` ${first[0]!.text}`) && line.startsWith(first[0]!.ts));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(first.map((line) => `${line.ts} ${line.text}`)).toEqual(witness.slice(start, start + 10));
    expect(first.every((line) => line.pod === pod && line.container === "web")).toBe(true);
    // Follow: lines written after the subscription arrive without asking again.
    const lastTs = first[9]!.ts;
    await vi.waitFor(() => expect(watcher.lines.some((line) => line.ts > lastTs)).toBe(true), CONVERGE);
  });

  it("reads the previous container of the crash-looping ledger-worker, equal to kubectl --previous", async () => {
    const [pod] = await podsOf("payments", "app=ledger-worker");
    const watcher = await viewer();
    const ack = await watcher.subscribe({
      clusterId: member.clusterId,
      namespace: "payments",
      pod: pod!,
      previous: true,
      tailLines: 15,
    });
    expect(ack.ok).toBe(true);
    // The previous instance ran a few seconds: its whole (short) log, ending in the panic that killed it.
    await vi.waitFor(() => expect(watcher.lines.at(-1)?.text).toMatch(/^panic: /), CONVERGE);
    const witness = textLines(await kubectl(cluster, ["logs", "-n", "payments", pod!, "--previous", "--tail", "15"]));
    expect(watcher.lines.map((line) => line.text)).toEqual(witness);
    expect(watcher.lines.length).toBeGreaterThan(1);
  });

  it("follows every pod of a Deployment and picks up a pod a scale-up creates", async () => {
    await deploy("fleet", 2);
    const watcher = await viewer();
    const ack = await watcher.subscribe({
      clusterId: member.clusterId,
      namespace,
      workload: { kind: "Deployment", name: "fleet" },
      tailLines: 5,
    });
    expect(ack.ok).toBe(true);
    const before = await podsOf(namespace, "app=fleet");
    await vi.waitFor(() => {
      const seen = new Set(watcher.lines.map((line) => line.pod));
      for (const pod of before) expect(seen.has(pod)).toBe(true);
    }, CONVERGE);
    await kubectl(cluster, ["scale", "deployment/fleet", "-n", namespace, "--replicas=3"]);
    await vi.waitFor(async () => expect(await podsOf(namespace, "app=fleet")).toHaveLength(3), CONVERGE);
    const [added] = (await podsOf(namespace, "app=fleet")).filter((pod) => !before.includes(pod));
    await vi.waitFor(() => {
      expect(watcher.statuses).toContainEqual(expect.objectContaining({ kind: "joined", pod: added }));
      expect(watcher.lines.some((line) => line.pod === added)).toBe(true);
    }, CONVERGE);
    // Merged by timestamp within each batch; every line names its pod and container.
    expect(watcher.lines.every((line) => line.container === "app" && line.ts.length === 30)).toBe(true);
  });

  it("reopens the stream when the container restarts, says so, and repeats or loses no line", async () => {
    await deploy("phoenix", 1, 20, { "realk8s.dev/behavior": "crashloop", "realk8s.dev/run-seconds": "3" });
    const [pod] = await podsOf(namespace, "app=phoenix");
    const watcher = await viewer();
    expect((await watcher.subscribe({ clusterId: member.clusterId, namespace, pod: pod! })).ok).toBe(true);
    await vi.waitFor(
      () => {
        const restarted = watcher.statuses.findIndex((status) => status.kind === "restarted");
        expect(restarted).toBeGreaterThanOrEqual(0);
        // Lines of the new instance arrived after the marker.
        expect(watcher.lines.at(-1)!.text).not.toMatch(/^panic/);
      },
      { timeout: 45_000, interval: 200 },
    );
    const stamps = watcher.lines.map((line) => line.ts);
    // In order across the reopen, and no line twice (the same time and text).
    expect(stamps.every((ts, i) => i === 0 || ts >= stamps[i - 1]!)).toBe(true);
    const seen = new Set(watcher.lines.map((line) => `${line.ts} ${line.text}`));
    expect(seen.size).toBe(watcher.lines.length);
  });

  it("reads at most PILOTHOUSE_LOG_MAX_PODS pods of a view and says so once", async () => {
    const hub = createLogHub({ maxPodsPerView: 2 });
    const statuses: LogStatus[] = [];
    const pods = new Set<string>();
    const handle = await openLogView(hub, member.context, {
      clusterId: member.clusterId,
      namespace: "shop",
      workload: { kind: "Deployment", name: "web" },
      tailLines: 2,
    });
    handle.onBatch((batch) => {
      statuses.push(...batch.statuses);
      for (const line of batch.lines) pods.add(line.pod);
    });
    try {
      await vi.waitFor(() => {
        expect(statuses.filter((status) => status.kind === "capped")).toHaveLength(1);
        expect(statuses.filter((status) => status.kind === "joined")).toHaveLength(2);
        expect(pods.size).toBe(2);
      }, CONVERGE);
      expect(statuses.find((status) => status.kind === "capped")).toMatchObject({
        message: expect.stringContaining("first 2 pods"),
      });
      expect(await podsOf("shop", "app=web")).toHaveLength(3);
    } finally {
      handle.release();
      await hub.close();
    }
  });

  it("serves 100 viewers of one container from one upstream stream", async () => {
    await deploy("shared", 1);
    const [pod] = await podsOf(namespace, "app=shared");
    const streamsBefore = await upstreamLogStreams(member.clusterId);
    const viewers = await Promise.all(Array.from({ length: 100 }, () => viewer()));
    const acks = await Promise.all(
      viewers.map((one) => one.subscribe({ clusterId: member.clusterId, namespace, pod: pod!, tailLines: 3 })),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(new Set(viewers.map((one) => one.subscriptionId)).size).toBe(1);
    await vi.waitFor(() => expect(viewers.every((one) => one.lines.length >= 4)).toBe(true), CONVERGE);
    // The earlier tests' viewers are still subscribed, so the only change is this view's one stream.
    expect(await upstreamLogStreams(member.clusterId)).toBe(streamsBefore + 1);
    // Everyone reads the same stream: from the latest first line on, all hold the same lines.
    const common = viewers
      .map((one) => one.lines[0]!.ts)
      .sort()
      .at(-1)!;
    const fromCommon = viewers.map((one) => one.lines.filter((line) => line.ts >= common).slice(0, 2));
    for (const lines of fromCommon) expect(lines).toEqual(fromCommon[0]);
    await Promise.all(viewers.map((one) => one.unsubscribe()));
    for (const one of viewers) one.socket.close();
  });

  it("lets a stalled reader skip lines instead of queueing them, and says how many it missed", async () => {
    await deploy("firehose", 1, 20_000);
    const [pod] = await podsOf(namespace, "app=firehose");
    const watcher = await viewer();
    expect((await watcher.subscribe({ clusterId: member.clusterId, namespace, pod: pod!, tailLines: 0 })).ok).toBe(
      true,
    );
    await vi.waitFor(() => expect(watcher.lines.length).toBeGreaterThan(1000), CONVERGE);
    // Stop reading: the browser's socket no longer drains the TCP connection.
    const raw = rawSocketOf(watcher.socket);
    raw.pause();
    const serverSocket = [...getRealtime()!.sockets.sockets.values()].find((s) => s.id === watcher.socket.id)!;
    let mostQueued = 0;
    const skippedBefore = watcher.statuses.length;
    for (let i = 0; i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      mostQueued = Math.max(
        mostQueued,
        (serverSocket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length,
      );
    }
    // The queue on the server stops at its bound (plus the batch that found it full) however long the stall.
    expect(mostQueued).toBeLessThanOrEqual(MAX_QUEUED_FRAMES + 1);
    raw.resume();
    await vi.waitFor(() => {
      const skipped = watcher.statuses.slice(skippedBefore).find((status) => status.kind === "skipped");
      expect(skipped?.count).toBeGreaterThan(0);
    }, CONVERGE);
  });

  it("refuses a viewer whose acting identity may not read pods/log, and another org's cluster", async () => {
    // Impersonation mode: the cluster judges pilothouse:<email>, who has no RBAC on the test cluster.
    const impersonated = await memberWithCluster(fresh.db, cluster, { kubeconfig: "admin", impersonate: true });
    const [pod] = await podsOf("shop", "app=web");
    const subscriber = await viewer(impersonated.cookie);
    const ask = (clusterId: string) => subscriber.subscribe({ clusterId, namespace: "shop", pod: pod! });
    expect(await ask(impersonated.clusterId)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // Another org's cluster answers like a missing one.
    const foreign = await ask(member.clusterId);
    expect(foreign).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("names the field of a malformed request", async () => {
    const ack = await (
      await viewer()
    ).subscribe({
      clusterId: member.clusterId,
      namespace: "shop",
      pod: "web",
      labelSelector: "app=web",
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "INVALID_INPUT", path: "pod" } });
  });
});

/** The TCP socket under a socket.io-client connection (Node's ws), to stop reading from it. */
function rawSocketOf(socket: Socket): { pause(): void; resume(): void } {
  const engine = socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } };
  return engine.transport.ws._socket;
}
