/**
 * The watch hub against REAL apiservers (tests/support/realcluster): kubectl changes the cluster,
 * the hub delivers the matching deltas, and its rows end equal to what the apiserver lists. The
 * fault proxy only forwards here; it counts requests, proving how many upstream watches exist.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppError } from "@/lib/errors";
import { createWatchHub, type WatchHandle, type WatchHub, type WatchSpec } from "@/lib/server/k8s/watch-hub";
import { getMetrics, renderMetrics } from "@/lib/server/metrics";
import { setClusterEnv } from "../support/cluster-fixtures";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { configMap } from "@/lib/resources/kinds/config-map";
import { deployment } from "@/lib/resources/kinds/deployment";
import { pod } from "@/lib/resources/kinds/pod";
import { secret } from "@/lib/resources/kinds/secret";
import {
  clusterCaPem,
  clusterState,
  connectTo,
  createNamespace,
  deleteNamespace,
  hubState,
  kindView,
  kubectl,
  twoTestClusters,
  watchAsViewer,
} from "../support/watch-fixtures";

const [clusterA, clusterB] = twoTestClusters();

const CONVERGE = { timeout: 30_000, interval: 100 };

let proxy: FaultProxy;
let namespace: string;
let hub: WatchHub;
const handles: WatchHandle[] = [];

beforeAll(async () => {
  setClusterEnv({ allowed: "127.0.0.0/8" });
  proxy = await startFaultProxy({ server: clusterA.server, caPem: clusterCaPem(clusterA) });
  namespace = await createNamespace(clusterA);
});

afterEach(async () => {
  for (const handle of handles.splice(0)) handle.release();
  await hub?.close();
});

afterAll(async () => {
  await proxy?.close();
  await deleteNamespace(clusterA, namespace);
});

/** A view of cluster A through the proxy, as the stored (cluster-admin token) identity by default. */
function spec(overrides: Partial<WatchSpec> = {}): WatchSpec {
  return {
    clusterId: "cluster-a",
    credentialVersion: 1,
    ...kindView(configMap),
    namespace,
    connect: () => connectTo(clusterA, "token", proxy),
    ...overrides,
  };
}

function acquire(view: WatchSpec): WatchHandle {
  const handle = hub.acquire(view);
  handles.push(handle);
  return handle;
}

async function upstreamGauge(cluster: string): Promise<number> {
  const metric = await getMetrics().upstreamWatches.get();
  return metric.values.filter((value) => value.labels.cluster === cluster).reduce((sum, value) => sum + value.value, 0);
}

describe("watch hub on a real cluster", () => {
  it("delivers create, patch and delete as deltas, and ends equal to the apiserver's list", async () => {
    hub = createWatchHub();
    const handle = acquire(spec());
    expect((await handle.firstSync()).state).toBe("live");
    const viewer = watchAsViewer(handle);

    await kubectl(clusterA, ["create", "configmap", "alpha", "-n", namespace, "--from-literal=mode=one"]);
    await kubectl(clusterA, ["create", "configmap", "beta", "-n", namespace, "--from-literal=mode=one"]);
    await vi.waitFor(() => expect(viewer.historyOf("beta")).toEqual(["ADDED"]), CONVERGE);
    await kubectl(clusterA, ["patch", "configmap", "alpha", "-n", namespace, "-p", '{"data":{"mode":"two"}}']);
    await kubectl(clusterA, ["delete", "configmap", "beta", "-n", namespace]);

    await vi.waitFor(async () => {
      const cluster = await clusterState(clusterA, "configmaps", namespace);
      expect(viewer.state()).toEqual(cluster);
      expect(hubState(handle)).toEqual(cluster);
    }, CONVERGE);
    expect(viewer.historyOf("alpha")).toEqual(["ADDED", "MODIFIED"]);
    expect(viewer.historyOf("beta")).toEqual(["ADDED", "DELETED"]);
    expect(viewer.rows.get(viewer.deltas.find((d) => d.row.name === "alpha")!.row.uid)?.cells.keys).toEqual(["mode"]);
  });

  it("opens one upstream list and watch for many viewers of one view, and counts them in /metrics", async () => {
    hub = createWatchHub();
    const before = { lists: proxy.count("list"), watches: proxy.count("watch") };
    const first = acquire(spec());
    const second = acquire(spec());
    const third = acquire(spec({ labelSelector: "" }));
    await Promise.all([first.firstSync(), second.firstSync(), third.firstSync()]);
    await vi.waitFor(() => expect(proxy.count("watch")).toBe(before.watches + 1));

    expect(proxy.count("list")).toBe(before.lists + 1);
    expect(first.key).toBe(second.key);
    expect(hub.stats()).toMatchObject({ upstreams: 1, subscribers: 3 });
    expect(await upstreamGauge("cluster-a")).toBe(1);
    const { body } = await renderMetrics();
    expect(body).toMatch(/pilothouse_upstream_watches\{cluster="cluster-a",resource="configmaps"\} 1/);
    expect(body).toMatch(/pilothouse_watch_subscribers 3/);
    expect(body).toContain("pilothouse_cluster_request_duration_seconds_bucket");
    expect(body).toContain("process_cpu_user_seconds_total");
  });

  it("shares a watch between spellings of one selector, never between namespaces or identities", async () => {
    hub = createWatchHub();
    const before = proxy.count("list");
    const spelled = [
      acquire(spec({ labelSelector: "app==web, tier in (a,b)" })),
      acquire(spec({ labelSelector: "tier in (b, a),app=web" })),
    ];
    const otherNamespace = acquire(spec({ namespace: "shop" }));
    const person = { user: "pilothouse:ada@example.test", groups: ["pilothouse:admin"] };
    const impersonated = acquire(spec({ impersonate: person }));
    const [stored, , , asAda] = await Promise.all(
      [...spelled, otherNamespace, impersonated].map((handle) => handle.firstSync()),
    );

    expect(spelled[0]!.key).toBe(spelled[1]!.key);
    expect(new Set([spelled[0]!.key, otherNamespace.key, impersonated.key]).size).toBe(3);
    expect(proxy.count("list")).toBe(before + 3);
    // Ada has no RoleBinding: the cluster refuses her own list, while the stored identity reads on.
    expect(stored?.state).toBe("live");
    expect(asAda).toMatchObject({ state: "stale", reason: { code: "FORBIDDEN" } });
    expect(
      proxy
        .requests()
        .filter((request) => request.impersonate === person.user)
        .map((r) => r.kind),
    ).toEqual(["list"]);
  });

  it("keeps a released view for the linger time, reuses it without relisting, then closes its watch", async () => {
    hub = createWatchHub({ lingerMs: 400 });
    const lists = proxy.count("list");
    const first = hub.acquire(spec());
    await first.firstSync();
    first.release();
    first.release(); // a second release of the same handle changes nothing
    const again = hub.acquire(spec());
    expect((await again.firstSync()).state).toBe("live");
    expect(proxy.count("list")).toBe(lists + 1);
    expect(hub.stats().subscribers).toBe(1);

    again.release();
    expect(hub.stats().upstreams).toBe(1);
    await vi.waitFor(() => expect(hub.stats()).toMatchObject({ upstreams: 0, subscribers: 0 }), CONVERGE);
    await vi.waitFor(() => expect(proxy.openWatches()).toBe(0), CONVERGE);
  });

  it("follows pods of a scaled Deployment until its rows equal the apiserver's", async () => {
    hub = createWatchHub();
    const podView = acquire(spec({ ...kindView(pod), labelSelector: "app=scaled" }));
    const deploymentView = acquire(spec(kindView(deployment)));
    await Promise.all([podView.firstSync(), deploymentView.firstSync()]);
    const viewer = watchAsViewer(podView);

    await kubectl(clusterA, [
      "create",
      "deployment",
      "scaled",
      "-n",
      namespace,
      "--image=nginx:1.21.6",
      "--replicas=2",
    ]);
    await kubectl(clusterA, ["scale", "deployment", "scaled", "-n", namespace, "--replicas=4"]);
    await vi.waitFor(async () => {
      const cluster = await clusterState(clusterA, "pods", namespace, "app=scaled");
      expect(cluster).toHaveLength(4);
      expect(viewer.state()).toEqual(cluster);
      expect([...viewer.rows.values()].every((row) => row.status.label === "Running")).toBe(true);
    }, CONVERGE);
    await vi.waitFor(async () => {
      expect(hubState(deploymentView)).toEqual(await clusterState(clusterA, "deployments", namespace));
      expect(deploymentView.snapshot().rows[0]?.cells).toMatchObject({ ready: "4/4", available: 4 });
    }, CONVERGE);
  });

  it("answers sorted, filtered pages from its cache, identical to the apiserver's list", async () => {
    hub = createWatchHub();
    const handle = acquire(spec({ ...kindView(pod), namespace: "shop" }));
    await handle.firstSync();
    const byName = { id: "name", value: (row: { name: string }) => row.name, direction: "desc" as const };
    const collected: string[] = [];
    let token: string | undefined;
    do {
      const page = handle.query({ labelSelector: "app=web", filter: "WEB", sort: byName, limit: 2, continue: token });
      expect(page.rows.length).toBeLessThanOrEqual(2);
      expect(page.status.state).toBe("live");
      collected.push(...page.rows.map((row) => row.name));
      token = page.continue;
    } while (token);
    const expected = (await clusterState(clusterA, "pods", "shop", "app=web")).map((row) => row.name);
    expect(collected).toEqual([...expected].sort().reverse());
  });

  it("reads a full object on demand as the view's identity, and only in the view's namespace", async () => {
    hub = createWatchHub();
    const handle = acquire(spec({ ...kindView(deployment), namespace: "shop" }));
    const web = await handle.fetchObject("web");
    expect(web.metadata?.name).toBe("web");
    expect((web.spec as { template?: unknown }).template).toBeDefined();
    expect(web.metadata?.managedFields).toBeUndefined();
    const elsewhere = await handle.fetchObject("api", "payments").catch((error: AppError) => error);
    expect(elsewhere).toMatchObject({ code: "INVALID_INPUT", path: "namespace" });
    const missing = await handle.fetchObject("no-such-deployment").catch((error: AppError) => error);
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
  });

  it("never keeps or sends a Secret value, and a person who may not list Secrets sees none", async () => {
    hub = createWatchHub();
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    const stored = acquire(spec(kindView(secret)));
    await stored.firstSync();
    const viewer = watchAsViewer(stored);
    const manifest = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db-password", namespace },
      stringData: { password: canary },
    };
    await kubectl(clusterA, ["apply", "-f", "-"], JSON.stringify(manifest));
    await vi.waitFor(() => expect(viewer.historyOf("db-password")).toEqual(["ADDED"]), CONVERGE);

    const everything = JSON.stringify([stored.snapshot(), viewer.batches, stored.query({})]);
    const encoded = Buffer.from(canary).toString("base64");
    expect(everything).not.toContain(canary);
    expect(everything).not.toContain(encoded);
    const full = await stored.fetchObject("db-password");
    expect(JSON.stringify(full)).not.toContain(encoded);
    expect(full.data).toBeUndefined();
    expect(full.metadata?.annotations?.["kubectl.kubernetes.io/last-applied-configuration"]).toBeUndefined();
    expect(full.metadata?.name).toBe("db-password");

    const outsider = { user: "pilothouse:outsider@example.test", groups: ["pilothouse:viewer"] };
    const refused = acquire(spec({ ...kindView(secret), impersonate: outsider }));
    const status = await refused.firstSync();
    expect(status).toMatchObject({ state: "stale", reason: { code: "FORBIDDEN" } });
    expect(refused.snapshot().rows).toEqual([]);
    expect(refused.key).not.toBe(stored.key);
  });

  it("on invalidateCluster tells viewers to resubscribe, and the next viewer gets a fresh upstream", async () => {
    hub = createWatchHub();
    const handle = acquire(spec());
    await handle.firstSync();
    const viewer = watchAsViewer(handle);
    const lists = proxy.count("list");

    hub.invalidateCluster("cluster-a");
    expect(viewer.status()).toMatchObject({ state: "stale", reason: { code: "RESUBSCRIBE" } });
    expect(hub.stats().upstreams).toBe(0);
    const again = acquire(spec());
    expect((await again.firstSync()).state).toBe("live");
    expect(proxy.count("list")).toBe(lists + 1);
    expect(hubState(again)).toEqual(await clusterState(clusterA, "configmaps", namespace));
  });

  it("retires views on an older credential version as soon as a newer one is asked for", async () => {
    hub = createWatchHub();
    const old = acquire(spec({ credentialVersion: 1 }));
    const otherCluster = acquire(spec({ clusterId: "cluster-other", credentialVersion: 1 }));
    await Promise.all([old.firstSync(), otherCluster.firstSync()]);
    const viewer = watchAsViewer(old);

    const rotated = acquire(spec({ credentialVersion: 2 }));
    expect(viewer.status()).toMatchObject({ state: "stale", reason: { code: "RESUBSCRIBE" } });
    expect((await rotated.firstSync()).state).toBe("live");
    expect(otherCluster.snapshot().status.state).toBe("live");
    expect(hub.stats().upstreams).toBe(2);
  });

  it("keeps delivering one cluster's events while another cluster's list hangs", async () => {
    hub = createWatchHub();
    proxy.hold("list");
    try {
      const stuck = acquire(spec({ namespace: "batch" }));
      const healthyNamespace = await createNamespace(clusterB);
      try {
        const healthy = acquire({
          ...spec({ clusterId: "cluster-b", namespace: healthyNamespace }),
          connect: () => connectTo(clusterB, "token"),
        });
        expect((await healthy.firstSync()).state).toBe("live");
        const viewer = watchAsViewer(healthy);
        await kubectl(clusterB, ["create", "configmap", "independent", "-n", healthyNamespace]);
        await vi.waitFor(() => expect(viewer.historyOf("independent")).toEqual(["ADDED"]), CONVERGE);
        expect(stuck.snapshot().status.state).toBe("reconnecting");
      } finally {
        await deleteNamespace(clusterB, healthyNamespace);
      }
    } finally {
      proxy.release();
    }
  });
});
