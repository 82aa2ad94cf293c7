/**
 * The health monitor's circuit (docs/security.md §6): a cluster that goes away opens its circuit
 * after 3 failures; from then on a single probe runs on a short, capped, jittered schedule, and
 * the first probe that succeeds closes the circuit at once and is pushed to the org's pages.
 * Checks run through one process-wide limit of 8.
 *
 * The cluster is real (Kubernetes 1.20 on loopback); it "goes down" through a TCP pass-through
 * in front of it that can cut the wire on cue (the browser suite stops and starts a real test
 * cluster instead, which takes too long for the many steps here).
 */
import { createServer, connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  checkAllClusters,
  checkCluster,
  checkClusterNow,
  getClusterHealth,
  healthCheckStats,
  MAX_CONCURRENT_CHECKS,
  runDueChecks,
} from "@/lib/server/clusters/health";
import { addCluster } from "@/lib/server/clusters/service";
import type { Cluster } from "@/lib/server/db/generated/client";
import { readTestClusters } from "../support/clusters";
import {
  caPemOf,
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
  startListener,
  tokenOf,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";

const pushed = vi.hoisted(() => [] as { event: string; payload: { clusterId: string; health: { status: string } } }[]);
vi.mock("@/lib/server/realtime/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/realtime/server")>()),
  emitToOrg: (_orgId: string, event: string, payload: never) => pushed.push({ event, payload }),
}));

/** A loopback pass-through to the real API server whose wire can be cut and restored. */
async function startCuttableWire(target: URL) {
  let up = true;
  let connections = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    connections += 1;
    client.on("error", () => undefined);
    if (!up) return void client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    upstream.on("error", () => client.destroy());
    open.add(client).add(upstream);
    client.once("close", () => (open.delete(client), upstream.destroy()));
    upstream.once("close", () => (open.delete(upstream), client.destroy()));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    connections: () => connections,
    cut: cutAll,
    restore() {
      up = true;
    },
    close: () => new Promise((resolve) => (cutAll(), server.close(resolve))),
  };
  function cutAll() {
    up = false;
    for (const socket of open) socket.destroy();
  }
}

describe("health: half-open recovery and the global check limit", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let wire: Awaited<ReturnType<typeof startCuttableWire>>;
  let cluster: Cluster;
  let context: Awaited<ReturnType<typeof createOrgContext>>;

  beforeAll(async () => {
    const [real] = readTestClusters();
    if (!real) throw new Error("no real test clusters: run through the integration project");
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    context = await createOrgContext(fresh.db);
    wire = await startCuttableWire(new URL(real.server));
    const token = readKubeconfigs(real).token;
    const view = await addCluster(nextRequest(context), {
      name: "behind-the-wire",
      server: wire.url,
      certificateAuthority: caPemOf(token),
      token: tokenOf(token),
    });
    cluster = await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } });
  });
  afterAll(async () => {
    await wire?.close();
    await fresh?.drop();
  });

  it("opens after 3 failures, probes on the short schedule only, and closes on the first success", async () => {
    expect((await checkCluster(cluster)).status).toBe("healthy");

    wire.cut();
    for (const circuit of ["closed", "closed"] as const) {
      expect(await checkCluster(cluster)).toMatchObject({ status: "unreachable", circuit });
    }
    const before = Date.now();
    const opened = await checkCluster(cluster);
    const after = Date.now();
    expect(opened).toMatchObject({ status: "unreachable", circuit: "open" });
    // The first half-open probe is 5 s out, ±20%: not the 15 s interval, not minutes.
    const nextAt = Date.parse(opened.nextCheckAt!);
    expect(nextAt).toBeGreaterThanOrEqual(before + 4_000);
    expect(nextAt).toBeLessThanOrEqual(after + 6_000);

    // Before the probe is due, neither the tick nor a sweep touches the cluster.
    const tried = wire.connections();
    await runDueChecks(nextAt - 1);
    await checkAllClusters(nextAt - 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(wire.connections()).toBe(tried);

    // Still down when the probe runs: it stays open and backs off (10 s ±20%).
    await runDueChecks(nextAt);
    await vi.waitFor(() => expect(wire.connections()).toBeGreaterThan(tried));
    await vi.waitFor(() => expect(Date.parse(getClusterHealth(cluster.id).nextCheckAt!)).toBeGreaterThan(nextAt));
    const second = getClusterHealth(cluster.id);
    expect(second.circuit).toBe("open");
    const secondDelay = Date.parse(second.nextCheckAt!) - Date.parse(second.checkedAt!);
    expect(secondDelay).toBeGreaterThanOrEqual(8_000 - 50);
    expect(secondDelay).toBeLessThanOrEqual(12_000 + 50);

    // The cluster is back: the next due probe closes the circuit at once and pushes it.
    wire.restore();
    pushed.length = 0;
    await runDueChecks(Date.parse(second.nextCheckAt!));
    await vi.waitFor(() =>
      expect(getClusterHealth(cluster.id)).toMatchObject({ status: "healthy", circuit: "closed" }),
    );
    expect(pushed).toContainEqual({
      event: "cluster:health",
      payload: { clusterId: cluster.id, health: expect.objectContaining({ status: "healthy", circuit: "closed" }) },
    });
    const closed = getClusterHealth(cluster.id);
    expect(Date.parse(closed.nextCheckAt!) - Date.parse(closed.checkedAt!)).toBe(15_000);
  });

  it("'Check now' probes an open circuit at once, and refuses a second click within 5 s", async () => {
    wire.cut();
    for (let i = 0; i < 3; i += 1) await checkCluster(cluster);
    expect(getClusterHealth(cluster.id).circuit).toBe("open");
    wire.restore();
    const now = Date.now();
    expect(await checkClusterNow(cluster, now)).toMatchObject({ status: "healthy", circuit: "closed" });
    await expect(checkClusterNow(cluster, now + 1_000)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^This cluster was checked a moment ago\. Try again in \d s\.$/),
    });
    expect((await checkClusterNow(cluster, now + 5_000)).status).toBe("healthy");
  });

  it(`runs at most ${MAX_CONCURRENT_CHECKS} checks at once, process-wide; the rest wait their turn`, async () => {
    // Twelve clusters that accept a connection and never answer: each check holds its slot until its deadline.
    const blackHole = await startListener(() => undefined);
    try {
      const ids: string[] = [];
      for (let index = 0; index < 12; index += 1) {
        const view = await addCluster(nextRequest(context), {
          name: `silent-${index}`,
          server: blackHole.url,
          certificateAuthority: caPemOf(readKubeconfigs(readTestClusters()[0]!).token),
          token: `silent-token-${index}`,
        });
        ids.push(view.id);
      }
      const rows = await fresh.db.cluster.findMany({ where: { id: { in: ids } } });
      const checks = rows.map((row) => checkCluster(row));
      // vi.waitFor's 1 s default is too short for eight TLS handshakes on a busy machine.
      await vi.waitFor(() => expect(blackHole.accepted()).toBe(MAX_CONCURRENT_CHECKS), { timeout: 20_000 });
      expect(healthCheckStats()).toMatchObject({ running: MAX_CONCURRENT_CHECKS, waiting: 4 });
      // Given time to misbehave, no ninth connection opens while the first eight hang.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(blackHole.accepted()).toBe(MAX_CONCURRENT_CHECKS);
      const results = await Promise.all(checks);
      expect(results.every((health) => health.status === "unreachable")).toBe(true);
      expect(blackHole.accepted()).toBe(12);
      expect(healthCheckStats()).toMatchObject({ running: 0, waiting: 0 });
    } finally {
      await blackHole.close();
    }
  });
});
