/**
 * The watch loop under the faults a real apiserver cannot produce on cue, injected by the fault
 * proxy (tests/support/fault-proxy.ts) in front of a REAL apiserver: a 410 ERROR event mid-stream,
 * a reset connection, a stall past the inactivity timeout, 500 answers, and a real 403 after a
 * RoleBinding is deleted. The cluster changes while the hub is cut off; after each fault the
 * hub's rows, and a browser-like viewer's rows, equal what the apiserver lists.
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createWatchHub, type WatchHandle, type WatchHub, type WatchHubOverrides } from "@/lib/server/k8s/watch-hub";
import { getMetrics } from "@/lib/server/metrics";
import { setClusterEnv } from "../support/cluster-fixtures";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { configMap } from "@/lib/resources/kinds/config-map";
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
import type { Impersonation } from "@/lib/server/k8s/request";

const [cluster] = twoTestClusters();
const CONVERGE = { timeout: 30_000, interval: 100 };

/** Fast timings, so faults play out in seconds; the logic is the production logic. */
const FAST = {
  batchWindowMs: 10,
  loop: {
    backoff: { baseMs: 100, maxMs: 800 },
    refusedRetryMs: 1_000,
    staleAfterMs: 1_500,
    watchTimeoutSeconds: [60, 90] as const,
  },
} satisfies WatchHubOverrides;

let proxy: FaultProxy;
let namespace: string;
let hub: WatchHub;
let handle: WatchHandle;

beforeAll(async () => {
  setClusterEnv({ allowed: "127.0.0.0/8" });
  proxy = await startFaultProxy({ server: cluster.server, caPem: clusterCaPem(cluster) });
  namespace = await createNamespace(cluster, "watch-faults");
});

afterEach(async () => {
  proxy.release();
  proxy.clearFailures();
  handle?.release();
  await hub?.close();
});

afterAll(async () => {
  await proxy?.close();
  await deleteNamespace(cluster, namespace);
});

async function watchConfigMaps(options: WatchHubOverrides = FAST, impersonate?: Impersonation) {
  hub = createWatchHub(options);
  handle = hub.acquire({
    clusterId: "faulty",
    credentialVersion: 1,
    ...kindView(configMap),
    namespace,
    impersonate,
    connect: () => connectTo(cluster, "token", proxy),
  });
  expect((await handle.firstSync()).state).toBe("live");
  await vi.waitFor(() => expect(proxy.openWatches()).toBe(1), CONVERGE);
  return watchAsViewer(handle);
}

/** The ending every fault test shares: viewer, hub and apiserver agree, and the view is live. */
async function expectConverged(viewer: ReturnType<typeof watchAsViewer>) {
  await vi.waitFor(async () => {
    const truth = await clusterState(cluster, "configmaps", namespace);
    expect(viewer.state()).toEqual(truth);
    expect(hubState(handle)).toEqual(truth);
    expect(viewer.status().state).toBe("live");
  }, CONVERGE);
}

async function relists(): Promise<number> {
  const metric = await getMetrics().watchRelists.get();
  return metric.values.filter((value) => value.labels.cluster === "faulty").reduce((sum, v) => sum + v.value, 0);
}

const fresh = (prefix: string) => `${prefix}-${randomBytes(3).toString("hex")}`;
const create = (name: string) => kubectl(cluster, ["create", "configmap", name, "-n", namespace, "--from-literal=v=1"]);
const patch = (name: string) =>
  kubectl(cluster, ["patch", "configmap", name, "-n", namespace, "-p", `{"data":{"v":"${fresh("v")}"}}`]);
const remove = (name: string) => kubectl(cluster, ["delete", "configmap", name, "-n", namespace]);

describe("watch loop faults, against a real apiserver", () => {
  it("410 Gone mid-stream: relists, and emits the deletes, changes and additions the relist implies", async () => {
    const [kept, doomed, born] = [fresh("kept"), fresh("doomed"), fresh("born")];
    await Promise.all([create(kept), create(doomed)]);
    const viewer = await watchConfigMaps();
    await vi.waitFor(() => expect(viewer.rows.size).toBeGreaterThanOrEqual(2), CONVERGE);
    const relistsBefore = await relists();
    const listsBefore = proxy.count("list");

    proxy.hold("list"); // the relist waits while the cluster changes behind the hub's back
    proxy.expireWatches(410);
    await vi.waitFor(() => expect(proxy.count("list")).toBe(listsBefore + 1), CONVERGE);
    await Promise.all([patch(kept), remove(doomed), create(born)]);
    const seen = viewer.deltas.length;
    proxy.release();

    await expectConverged(viewer);
    const implied = viewer.deltas.slice(seen).map((delta) => `${delta.type} ${delta.row.name}`);
    expect(implied.sort()).toEqual([`ADDED ${born}`, `DELETED ${doomed}`, `MODIFIED ${kept}`].sort());
    expect(await relists()).toBe(relistsBefore + 1);
  });

  it("connection reset: reconnects and resumes from its resourceVersion, replaying what it missed, without a relist", async () => {
    const [changed, added] = [fresh("changed"), fresh("added")];
    await create(changed);
    const viewer = await watchConfigMaps();
    const lists = proxy.count("list");
    const watches = proxy.count("watch");

    proxy.hold("watch");
    proxy.resetWatches();
    await vi.waitFor(() => expect(proxy.count("watch")).toBe(watches + 1), CONVERGE);
    expect(viewer.status()).toMatchObject({ state: "reconnecting", reason: { code: "UNREACHABLE" } });
    await Promise.all([patch(changed), create(added)]);
    proxy.release();

    await expectConverged(viewer);
    expect(viewer.historyOf(added)).toEqual(["ADDED"]);
    expect(viewer.historyOf(changed)).toEqual(["MODIFIED"]);
    expect(proxy.count("list")).toBe(lists);
  });

  it("stall past the inactivity timeout: gives up on the silent connection and watches again", async () => {
    const viewer = await watchConfigMaps({ ...FAST, loop: { ...FAST.loop, inactivityMs: 1_500 } });
    const lists = proxy.count("list");
    const watches = proxy.count("watch");

    proxy.stallWatches();
    const added = fresh("during-stall");
    await create(added);
    await vi.waitFor(() => expect(proxy.count("watch")).toBeGreaterThan(watches), CONVERGE);

    await expectConverged(viewer);
    expect(viewer.historyOf(added)).toEqual(["ADDED"]);
    expect(viewer.statuses.map((status) => status.state)).toContain("reconnecting");
    expect(proxy.count("list")).toBe(lists);
  });

  it("500 on the relist and on the rewatch: backs off, retries, and converges", async () => {
    const viewer = await watchConfigMaps();
    const lists = proxy.count("list");

    proxy.failNext("list", 500, 2);
    proxy.expireWatches(410);
    const first = fresh("after-500");
    await create(first);
    await expectConverged(viewer);
    expect(proxy.count("list")).toBe(lists + 3);
    expect(viewer.statuses).toContainEqual(expect.objectContaining({ state: "reconnecting" }));
    await vi.waitFor(() => expect(proxy.openWatches()).toBe(1), CONVERGE);

    const watches = proxy.count("watch");
    proxy.failNext("watch", 500, 2);
    proxy.resetWatches();
    const second = fresh("after-watch-500");
    await create(second);
    await expectConverged(viewer);
    expect(proxy.count("watch")).toBe(watches + 3);
    expect(viewer.historyOf(second)).toEqual(["ADDED"]);
  });

  it("unreachable for longer than staleAfterMs turns stale, and live again once the cluster answers", async () => {
    const viewer = await watchConfigMaps();
    proxy.failNext("watch", 500, 1_000);
    proxy.resetWatches();
    await vi.waitFor(
      () => expect(viewer.status()).toMatchObject({ state: "stale", reason: { code: "UNREACHABLE" } }),
      CONVERGE,
    );
    expect(viewer.rows.size).toBeGreaterThan(0); // rows are kept: probably still right, marked stale

    const added = fresh("after-stale");
    await create(added);
    proxy.clearFailures();
    await expectConverged(viewer);
    expect(viewer.historyOf(added)).toEqual(["ADDED"]);
  });

  it("403 after a role change: clears the rows, says FORBIDDEN, retries slowly, and recovers when access returns", async () => {
    const person = {
      user: `pilothouse:rbac-${randomBytes(3).toString("hex")}@example.test`,
      groups: ["pilothouse:viewer"],
    };
    const binding = `reader-${randomBytes(3).toString("hex")}`;
    const grant = () =>
      kubectl(cluster, [
        "create",
        "rolebinding",
        binding,
        "-n",
        namespace,
        "--role=configmap-reader",
        `--user=${person.user}`,
      ]);
    await kubectl(cluster, [
      "create",
      "role",
      "configmap-reader",
      "-n",
      namespace,
      "--verb=get,list,watch",
      "--resource=configmaps",
    ]).catch(() => "");
    await grant();
    await create(fresh("visible"));
    const viewer = await watchConfigMaps(FAST, person);
    await expectConverged(viewer);

    await kubectl(cluster, ["delete", "rolebinding", binding, "-n", namespace]);
    await vi.waitFor(async () => {
      const answer = await kubectl(cluster, [
        "auth",
        "can-i",
        "list",
        "configmaps",
        "-n",
        namespace,
        `--as=${person.user}`,
      ]).catch((error: { stdout?: string }) => error.stdout ?? "");
      expect(answer.trim()).toBe("no");
    }, CONVERGE);
    proxy.resetWatches(); // the open watch was authorized when it began; the next request is not

    await vi.waitFor(
      () => expect(viewer.status()).toMatchObject({ state: "stale", reason: { code: "FORBIDDEN" } }),
      CONVERGE,
    );
    expect(viewer.rows.size).toBe(0);
    expect(handle.snapshot().rows).toEqual([]);
    const asPerson = () => proxy.requests().filter((request) => request.impersonate === person.user).length;
    const before = asPerson();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(asPerson() - before).toBeLessThanOrEqual(6); // about one list a second, not a hot loop

    await grant();
    await expectConverged(viewer);
    expect(viewer.rows.size).toBeGreaterThan(0);
  });
});
