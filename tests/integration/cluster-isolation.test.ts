/**
 * Per-cluster bulkheads (docs/security.md §6): a black-holed cluster (accepts TCP, never answers) must
 * not hold up a healthy one or the event loop; its check ends unreachable with a timeout, and after
 * repeated failures its circuit opens and the sweep leaves it alone.
 *
 * House rule: no timed assertions. The latencies and event-loop lag are measured and printed for
 * the record; the assertions are about behaviour (who finished, who did not, who was skipped).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Cluster } from "@/lib/server/db/generated/client";
import { checkAllClusters, checkCluster, getClusterHealth, type ClusterHealth } from "@/lib/server/clusters/health";
import { addCluster } from "@/lib/server/clusters/service";
import { readTestClusters } from "../support/clusters";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
  startListener,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";

const CA_PEM = readFileSync(path.resolve(import.meta.dirname, "../fixtures/kubeconfig/ca.crt"), "utf8");
const ROUNDS = 20;

type Listener = Awaited<ReturnType<typeof startListener>>;

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = samples.reduce((total, value) => total + value, 0) / samples.length;
  return `n=${samples.length} mean=${mean.toFixed(1)} ms p50=${at(0.5).toFixed(1)} ms p95=${at(0.95).toFixed(1)} ms max=${sorted.at(-1)!.toFixed(1)} ms`;
}

const LAG_RESOLUTION_MS = 10;

/** The histogram's samples include its own sampling interval; the lag is what exceeds it. */
function lagOf(histogram: ReturnType<typeof monitorEventLoopDelay>) {
  const ms = (ns: number) => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS).toFixed(1);
  return `mean=${ms(histogram.mean)} ms p99=${ms(histogram.percentile(99))} ms max=${ms(histogram.max)} ms (beyond the ${LAG_RESOLUTION_MS} ms sampling interval)`;
}

describe("one black-holed cluster does not slow the others", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let blackHole: Listener;
  let healthy: Cluster;
  let blackHoled: Cluster;

  beforeAll(async () => {
    const [cluster] = readTestClusters();
    if (!cluster) throw new Error("no real test clusters: run through the integration project");
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    const context = await createOrgContext(fresh.db);
    // Accepts the TCP connection, then says nothing: not even a TLS ServerHello.
    blackHole = await startListener(() => undefined);
    const healthyView = await addCluster(nextRequest(context), {
      name: "healthy",
      kubeconfig: readKubeconfigs(cluster).admin,
    });
    const blackView = await addCluster(nextRequest(context), {
      name: "black-hole",
      server: blackHole.url,
      certificateAuthority: CA_PEM,
      token: "black-hole-token",
    });
    healthy = await fresh.db.cluster.findUniqueOrThrow({ where: { id: healthyView.id } });
    blackHoled = await fresh.db.cluster.findUniqueOrThrow({ where: { id: blackView.id } });
  });
  afterAll(async () => {
    await blackHole?.close();
    await fresh?.drop();
  });

  /** Time ROUNDS sequential health checks of the healthy cluster; every one must say healthy. */
  async function timeHealthyChecks(): Promise<number[]> {
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = performance.now();
      const health = await checkCluster(healthy);
      samples.push(performance.now() - started);
      expect(health.status).toBe("healthy");
    }
    return samples;
  }

  it("keeps the healthy cluster answering while the black-holed check hangs, then times it out", async () => {
    await checkCluster(healthy); // warm the keep-alive connection, as a running server would have

    const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    lag.enable();
    const baseline = await timeHealthyChecks();
    lag.disable();
    const baselineLag = lagOf(lag);

    lag.reset();
    lag.enable();
    const acceptedBefore = blackHole.accepted();
    let blackResult: ClusterHealth | undefined;
    const blackStarted = performance.now();
    const blackCheck = checkCluster(blackHoled).then((health) => {
      blackResult = health;
      return { health, ms: performance.now() - blackStarted };
    });
    // The black hole has the connection and is sitting on it.
    await vi.waitFor(() => expect(blackHole.accepted()).toBe(acceptedBefore + 1));
    const during = await timeHealthyChecks();
    // Every healthy check finished while the black-holed one had not.
    expect(blackResult).toBeUndefined();
    const { health: black, ms: blackMs } = await blackCheck;
    lag.disable();

    console.log(`[isolation] healthy check, no black hole:       ${summarize(baseline)}`);
    console.log(`[isolation] healthy check, black hole in flight: ${summarize(during)}`);
    console.log(`[isolation] black-holed check ended after ${blackMs.toFixed(0)} ms: ${black.lastError}`);
    console.log(`[isolation] event-loop delay, no black hole:       ${baselineLag}`);
    console.log(`[isolation] event-loop delay, black hole in flight: ${lagOf(lag)}`);

    expect(black).toMatchObject({ status: "unreachable", circuit: "closed", version: null, latencyMs: null });
    expect(black.lastError).toMatch(
      /^The cluster (at 127\.0\.0\.1 )?did not (answer|accept a connection) within \d+ s$/,
    );
    expect(getClusterHealth(healthy.id).status).toBe("healthy");
  });

  it("opens the circuit after 3 failures, and the sweep then skips the black hole", async () => {
    let accepted = blackHole.accepted();
    for (const expected of ["closed", "open"] as const) {
      const health = await checkCluster(blackHoled);
      expect(health).toMatchObject({ status: "unreachable", circuit: expected });
      expect(blackHole.accepted()).toBe(accepted + 1); // each check really tried
      accepted = blackHole.accepted();
    }

    const blackBefore = getClusterHealth(blackHoled.id);
    const healthyBefore = getClusterHealth(healthy.id);
    await checkAllClusters();
    // The sweep did check the healthy cluster (a new checkedAt)…
    await vi.waitFor(() => expect(getClusterHealth(healthy.id).checkedAt).not.toBe(healthyBefore.checkedAt));
    expect(getClusterHealth(healthy.id).status).toBe("healthy");
    // …and, given a moment to misbehave, never touched the black hole.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(blackHole.accepted()).toBe(accepted);
    expect(getClusterHealth(blackHoled.id)).toEqual(blackBefore);
    expect(getClusterHealth(blackHoled.id).circuit).toBe("open");
    console.log(`[isolation] black hole accepted ${accepted} connection(s) in total; none after its circuit opened`);
  });
});
