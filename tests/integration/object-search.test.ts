import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hitHref, type ObjectSearch } from "@/lib/resources/palette";
import type { OrgContext } from "@/lib/server/auth/actor";
import { addCluster } from "@/lib/server/clusters/service";
import { getWatchHub } from "@/lib/server/k8s/watch-hub";
import { planFleet } from "@/lib/server/aggregates/fleet";
import { LiveAggregate } from "@/lib/server/aggregates/live-aggregate";
import type { ClusterFigures } from "@/lib/resources/fleet";
import { searchObjects } from "@/lib/server/resources/object-search";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { clusterCaPem, twoTestClusters } from "../support/watch-fixtures";

/** A kubeconfig that reaches the cluster through the proxy (which presents the fixture certificate). */
function behind(proxy: FaultProxy, kubeconfig: string): string {
  return kubeconfig
    .replace(/server: \S+/, `server: ${proxy.url}`)
    .replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${proxy.caData}`);
}

/**
 * The command palette's object search and the fleet home's figures against a real seeded
 * cluster (tests/support/realcluster/README.md): scoped to the org and to what its credential
 * may list, answered from the watch hub's cached rows; a cluster whose lists never answer does not
 * hold up the others.
 */
/** The fleet aggregate's first figures (what the fleet home receives first over the socket). */
async function fleetFigures(context: OrgContext): Promise<ClusterFigures[]> {
  const planned = await planFleet(context);
  return new Promise((resolve) => {
    const aggregate = new LiveAggregate({
      ...planned,
      view: "fleet",
      emit: (update) => {
        aggregate.stop();
        resolve(update.data.clusters);
      },
    });
    void aggregate.start();
  });
}

describe("object search and fleet figures", () => {
  const [cluster] = twoTestClusters();
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let owner: OrgContext;
  let outsider: OrgContext;
  let clusterId: string;

  beforeAll(async () => {
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    owner = await createOrgContext(fresh.db, { role: "owner" });
    outsider = await createOrgContext(fresh.db, { role: "owner", orgName: "Elsewhere" });
    const kubeconfigs = readKubeconfigs(cluster);
    // The cluster's view-only credential: what it may list is what the org may find.
    clusterId = (await addCluster(nextRequest(owner), { name: "searched", kubeconfig: kubeconfigs.viewer })).id;
  });
  afterAll(async () => {
    await getWatchHub().close();
    await fresh.drop();
  });

  it("finds ledger-worker's deployment and pod by part of the name, and links each to its detail URL", async () => {
    // The first keystroke may pay the clusters' first lists and answer incomplete after its
    // budget; the views linger, so a later keystroke is answered whole from the cache.
    let search = await searchObjects(nextRequest(owner), "ledger-wor");
    for (let attempt = 0; search.incomplete && attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      search = await searchObjects(nextRequest(owner), "ledger-wor");
    }
    const { hits, incomplete } = search;
    expect(incomplete).toBe(false);
    const deployment = hits.find((hit) => hit.resource === "deployments.apps");
    expect(deployment).toMatchObject({
      clusterId,
      clusterName: "searched",
      namespace: "payments",
      name: "ledger-worker",
    });
    expect(hitHref(deployment!)).toBe(`/clusters/${clusterId}/deployments.apps/payments/ledger-worker`);
    const pod = hits.find((hit) => hit.resource === "pods");
    expect(pod?.name).toMatch(/^ledger-worker-/);
    expect(pod?.kind).toBe("Pod");
    // Exact and prefix matches rank first: nothing that merely contains the text comes before them.
    expect(hits.every((hit) => hit.name.startsWith("ledger-wor"))).toBe(true);
  });

  it("opens a namespace as its pods, and searches nothing for one letter", async () => {
    const { hits } = await searchObjects(nextRequest(owner), "payments");
    expect(hits.map(hitHref)).toContain(`/clusters/${clusterId}/pods?ns=payments`);
    expect(await searchObjects(nextRequest(owner), "l")).toEqual({ hits: [], incomplete: false });
  });

  it("finds nothing in another org's clusters", async () => {
    expect((await searchObjects(nextRequest(outsider), "ledger")).hits).toEqual([]);
    expect(await fleetFigures(nextRequest(outsider))).toEqual([]);
  });

  it("answers a healthy cluster's hits while another cluster's lists hang, marked incomplete", async () => {
    const neighbours = await createOrgContext(fresh.db, { role: "owner", orgName: "Slow neighbour" });
    const healthyId = (
      await addCluster(nextRequest(neighbours), { name: "healthy", kubeconfig: readKubeconfigs(cluster).viewer })
    ).id;
    const healthyHit = (search: ObjectSearch) =>
      search.hits.find((hit) => hit.clusterId === healthyId && hit.resource === "deployments.apps");
    // The healthy cluster's views are open and cached, as after a first keystroke.
    let search = await searchObjects(nextRequest(neighbours), "ledger-wor");
    for (let attempt = 0; !healthyHit(search) && attempt < 15; attempt++) {
      search = await searchObjects(nextRequest(neighbours), "ledger-wor");
    }
    expect(healthyHit(search)).toBeDefined();

    // The same real cluster behind a proxy that answers discovery and access reviews but holds
    // every LIST: a cluster that is up and very slow. Its name sorts first, so its reads start first.
    const proxy = await startFaultProxy({ server: cluster.server, caPem: clusterCaPem(cluster) });
    proxy.hold("list");
    try {
      await addCluster(nextRequest(neighbours), {
        name: "a-slow",
        kubeconfig: behind(proxy, readKubeconfigs(cluster).token),
      });
      // Searches pay the slow cluster's discovery until its first LISTs are sent (and held).
      await vi.waitFor(
        async () => {
          await searchObjects(nextRequest(neighbours), "ledger-wor");
          expect(proxy.count("list")).toBeGreaterThan(0);
        },
        { timeout: 60_000, interval: 100 },
      );
      // While its reads hang, the healthy cluster's hits still come, and the answer says it is partial.
      search = await searchObjects(nextRequest(neighbours), "ledger-wor");
      expect(healthyHit(search)).toMatchObject({ namespace: "payments", name: "ledger-worker" });
      expect(search.incomplete).toBe(true);
    } finally {
      proxy.release();
      await proxy.close();
    }
  }, 150_000);

  it("counts the seeded cluster's nodes, pods by phase, failing pods and degraded workloads", async () => {
    const [figures] = await fleetFigures(nextRequest(owner));
    expect(figures?.clusterId).toBe(clusterId);
    // The view-only credential (ClusterRole `view`) may not list nodes: that figure is unknown, not 0.
    expect(figures?.nodes).toBeNull();
    const pods = figures!.pods!;
    expect(pods.Running).toBeGreaterThan(0);
    // ml-trainer cannot be scheduled: Pending. ledger-worker crash-loops, recommendations cannot pull.
    expect(pods.Pending).toBeGreaterThan(0);
    expect(figures!.failingPods).toBeGreaterThanOrEqual(2);
    expect(figures!.workloads!.degraded).toBeGreaterThanOrEqual(2);
    expect(figures!.workloads!.total).toBeGreaterThan(figures!.workloads!.degraded);
    expect(figures!.warnings).toBeGreaterThan(0);
  });
});
