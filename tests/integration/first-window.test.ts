import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WatchSubscribeRequest } from "@/lib/realtime/contract";
import { listOptionsOf, requestOf, subscriptionKey } from "@/lib/realtime/list-request";
import type { OrgContext } from "@/lib/server/auth/actor";
import { addCluster } from "@/lib/server/clusters/service";
import { getWatchHub } from "@/lib/server/k8s/watch-hub";
import { firstWindowFromCache, FIRST_WINDOW_ROWS } from "@/lib/server/resources/first-window";
import { planLiveView } from "@/lib/server/resources/live-view-plan";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

/**
 * The first window a list page renders into its HTML (docs/resource-views.md, "The first
 * screen"): from the watch hub's cache only once the view has listed, authorized like the
 * socket subscription, and the same rows in the same order as that subscription's window.
 */
describe("a list page's first window from the hub's cache", () => {
  const [cluster] = twoTestClusters();
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let owner: OrgContext;
  let outsider: OrgContext;
  let clusterId: string;
  let viewerClusterId: string;
  let namespace: string;

  const view = (filter = "") => ({ clusterIds: [], labelSelector: "", namespaces: [namespace], filter });
  const options = (id: string, resource: string, filter = "") =>
    listOptionsOf(id, { name: resource, namespaced: true }, view(filter), { offset: 0, limit: 300 });
  const request = (id: string, resource: string, filter = ""): [WatchSubscribeRequest, string] => [
    requestOf(options(id, resource, filter)),
    subscriptionKey(options(id, resource, filter)),
  ];

  beforeAll(async () => {
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    owner = await createOrgContext(fresh.db, { role: "owner" });
    outsider = await createOrgContext(fresh.db, { role: "owner", orgName: "Elsewhere" });
    const kubeconfigs = readKubeconfigs(cluster);
    clusterId = (await addCluster(nextRequest(owner), { name: "first", kubeconfig: kubeconfigs.token })).id;
    viewerClusterId = (
      await addCluster(
        nextRequest(owner),
        { name: "first-viewer", kubeconfig: kubeconfigs.viewer },
        { allowDuplicate: true },
      )
    ).id;
    namespace = await createNamespace(cluster, "first-window");
    for (let i = 0; i < FIRST_WINDOW_ROWS + 10; i++) {
      await kubectl(cluster, ["create", "configmap", `cm-${String(i).padStart(3, "0")}`, "-n", namespace]);
    }
  });

  afterAll(async () => {
    await deleteNamespace(cluster, namespace);
    await fresh.drop();
  });

  it("renders nothing while the view has not listed, then its first rows from the cache, in window order", async () => {
    const [subscribe, key] = request(clusterId, "configmaps", "cm-");
    // Cold: the page does not wait for the first list (it starts it).
    expect(await firstWindowFromCache(owner, subscribe, key)).toBeNull();
    const handle = getWatchHub().acquire(await planSpec(owner, subscribe));
    try {
      await handle.firstSync();
      const first = await firstWindowFromCache(owner, subscribe, key);
      expect(first).not.toBeNull();
      expect(first!.key).toBe(key);
      expect(first!.total).toBe(FIRST_WINDOW_ROWS + 10);
      expect(first!.rows).toHaveLength(FIRST_WINDOW_ROWS);
      // The default order (namespace, then name), as the subscription's window sends it.
      expect(first!.rows.map((row) => row.name)).toEqual(
        Array.from({ length: FIRST_WINDOW_ROWS }, (_, i) => `cm-${String(i).padStart(3, "0")}`),
      );
      expect(first!.sources.map((source) => source.state)).toEqual(["live"]);
    } finally {
      handle.release();
    }
  });

  it("follows the view's filter, and names no rows for another org or an identity the cluster's RBAC refuses", async () => {
    const [filtered, filteredKey] = request(clusterId, "configmaps", "cm-007");
    const handle = getWatchHub().acquire(await planSpec(owner, filtered));
    try {
      await handle.firstSync();
      const first = await firstWindowFromCache(owner, filtered, filteredKey);
      expect(first!.rows.map((row) => row.name)).toEqual(["cm-007"]);
      expect(first!.total).toBe(1);
    } finally {
      handle.release();
    }
    // Another org's cluster: the same NOT_FOUND the socket gives, so nothing is rendered.
    expect(await firstWindowFromCache(outsider, ...request(clusterId, "configmaps"))).toBeNull();
    // The view-only credential may not list Secrets: nothing rendered, the socket says why.
    expect(await firstWindowFromCache(owner, ...request(viewerClusterId, "secrets"))).toBeNull();
  });
});

/** The hub spec of a one-source plan, as the socket would acquire it. */
async function planSpec(context: OrgContext, subscribe: WatchSubscribeRequest) {
  const plan = await planLiveView(context, subscribe);
  return plan.sources[0]!.spec;
}
