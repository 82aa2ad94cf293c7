import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrgContext } from "@/lib/server/auth/actor";
import { addCluster, updateCluster } from "@/lib/server/clusters/service";
import { getWatchHub } from "@/lib/server/k8s/watch-hub";
import { forgetClusterAccess } from "@/lib/server/resources/access-cache";
import { changeMemberRole } from "@/lib/server/orgs/members";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { addMember, type LiveSocket, openLiveSocket, startRealtimeServer, Subscriber } from "../support/live-sockets";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

const APP_URL = "http://localhost:3000";

/**
 * Views beyond one list: server-side windows, several namespaces, several clusters, and
 * impersonation mode where each person has their own watch.
 */
describe("live views: windows, namespaces, clusters, identities", () => {
  const [first, second] = twoTestClusters();
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let server: Awaited<ReturnType<typeof startRealtimeServer>>;
  let url: string;
  let owner: OrgContext;
  let firstId: string;
  let secondId: string;
  let impersonatingId: string;
  let namespaces: [string, string];
  const sockets: LiveSocket[] = [];
  const people: Record<string, { email: string; session: string; membership: string }> = {};

  async function member(name: string, role: "viewer" | "editor") {
    const added = await addMember(fresh.db, owner.orgId, name, role);
    people[name] = { email: added.email, session: added.session, membership: added.membershipId };
  }

  async function subscriber(name: string) {
    const socket = await openLiveSocket(url, APP_URL, { sessionToken: people[name]!.session });
    sockets.push(socket);
    return new Subscriber(socket);
  }

  beforeAll(async () => {
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    owner = await createOrgContext(fresh.db, { role: "owner" });
    await member("alice", "viewer");
    await member("bob", "viewer");
    firstId = (await addCluster(nextRequest(owner), { name: "first", kubeconfig: readKubeconfigs(first).token })).id;
    secondId = (await addCluster(nextRequest(owner), { name: "second", kubeconfig: readKubeconfigs(second).token })).id;
    impersonatingId = (
      await addCluster(nextRequest(owner), { name: "as-people", kubeconfig: readKubeconfigs(first).admin })
    ).id;
    await updateCluster(nextRequest(owner), impersonatingId, { impersonate: true });
    namespaces = [await createNamespace(first, "views-a"), await createNamespace(first, "views-b")];
    for (const namespace of namespaces) {
      for (const name of ["win-1", "win-2", "win-3", "win-4"])
        await kubectl(first, ["create", "configmap", name, "-n", namespace]);
    }
    server = await startRealtimeServer(APP_URL);
    url = server.url;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const namespace of namespaces) await deleteNamespace(first, namespace);
    await server.close();
    await fresh.drop();
  });

  it("sends a window of the filtered, sorted rows with the total, and sends it again when it changes", async () => {
    const alice = await subscriber("alice");
    const ack = await alice.subscribe({
      clusterId: firstId,
      resource: "configmaps",
      namespace: namespaces[0],
      query: { filter: "win-", sort: { column: "name", direction: "desc" }, window: { offset: 1, limit: 2 } },
    });
    expect(ack.ok).toBe(true);
    await alice.until(() => alice.window !== undefined, "the first window");
    expect(alice.window).toEqual({ offset: 1, total: 4, names: ["win-3", "win-2"] });
    expect(alice.snapshots).toBe(0);

    await kubectl(first, ["create", "configmap", "win-5", "-n", namespaces[0]]);
    await alice.until(() => alice.window?.total === 5, "the window after an ADDED");
    expect(alice.window!.names).toEqual(["win-4", "win-3"]);
    await kubectl(first, ["delete", "configmap", "win-4", "-n", namespaces[0]]);
    await alice.until(() => alice.window?.total === 4, "the window after a DELETED");
    expect(alice.window!.names).toEqual(["win-3", "win-2"]);

    const wrong = await alice.subscribe({
      clusterId: firstId,
      resource: "configmaps",
      query: { sort: { column: "nope", direction: "asc" }, window: { offset: 0, limit: 10 } },
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: "INVALID_INPUT", path: "query.sort.column" } });
  });

  it("merges several namespaces from one cluster-wide watch when the identity may list everywhere", async () => {
    const before = getWatchHub().stats().upstreams;
    const alice = await subscriber("alice");
    await alice.subscribe({ clusterId: firstId, resource: "configmaps", namespaces: [...namespaces] });
    await alice.until(() => alice.snapshots === 1, "the snapshot");
    expect(getWatchHub().stats().upstreams).toBe(before + 1);
    const namespacesSeen = new Set([...alice.rows.values()].map((row) => row.namespace));
    expect(namespacesSeen).toEqual(new Set(namespaces));
    await kubectl(first, ["create", "configmap", "merged", "-n", namespaces[1]]);
    await alice.until(() => alice.names().includes("merged"), "a delta from the second namespace");
  });

  it("merges clusters into one list whose rows name their cluster; a cluster the caller cannot see is named, not fatal", async () => {
    const alice = await subscriber("alice");
    const foreign = crypto.randomUUID();
    const ack = await alice.subscribe({ clusterIds: [firstId, secondId, foreign], resource: "namespaces" });
    expect(ack.ok).toBe(true);
    await alice.until(() => alice.snapshots === 2, "one snapshot per cluster");
    const byCluster = new Map<string, string[]>();
    for (const [key, row] of alice.rows) {
      const clusterId = key.split("/")[0]!;
      byCluster.set(clusterId, [...(byCluster.get(clusterId) ?? []), row.name]);
    }
    expect(byCluster.get(firstId)).toEqual(expect.arrayContaining(["shop", namespaces[0], namespaces[1]]));
    expect(byCluster.get(secondId)).toEqual(expect.arrayContaining(["shop", "payments"]));
    expect(byCluster.get(secondId)).not.toContain(namespaces[0]);
    expect(alice.statuses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clusterId: foreign, state: "stale", code: "NOT_FOUND" }),
        expect.objectContaining({ clusterId: firstId, state: "live" }),
        expect.objectContaining({ clusterId: secondId, state: "live" }),
      ]),
    );
  });

  it("in impersonation mode, watches as each person: their RBAC decides, and their rows are not shared", async () => {
    const alice = await subscriber("alice");
    const bob = await subscriber("bob");
    const request = { clusterId: impersonatingId, resource: "configmaps", namespaces: [...namespaces] };
    // Nobody granted pilothouse:<alice> anything yet.
    expect(await alice.subscribe(request)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    for (const namespace of namespaces) {
      await kubectl(first, [
        "create",
        "rolebinding",
        "alice-view",
        "--clusterrole=view",
        `--user=pilothouse:${people.alice!.email}`,
        "-n",
        namespace,
      ]);
    }
    // Refusals are remembered for 5 s; the test does not wait for that.
    forgetClusterAccess(impersonatingId);
    const upstreams = getWatchHub().stats().upstreams;
    expect((await alice.subscribe(request)).ok).toBe(true);
    await alice.until(() => alice.snapshots === 1, "alice's snapshot");
    // She may not list cluster-wide, so each namespace is its own watch, as her.
    expect(getWatchHub().stats().upstreams).toBe(upstreams + 2);
    expect(alice.names()).toEqual(expect.arrayContaining(["win-1", "merged"]));
    expect(await bob.subscribe(request)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(bob.rows.size).toBe(0);
  });

  it("re-authorizes open subscriptions when a role changes: impersonation views move to the new identity", async () => {
    const alice = await subscriber("alice");
    const request = { clusterId: impersonatingId, resource: "configmaps", namespace: namespaces[0] };
    expect((await alice.subscribe(request)).ok).toBe(true);
    await alice.until(() => alice.snapshots === 1, "the snapshot");
    await changeMemberRole(nextRequest(owner), people.alice!.membership, "editor");
    await alice.until(() => alice.statuses.some((status) => status.code === "RESUBSCRIBE"), "a final status");
    const rows = alice.rows.size;
    await kubectl(first, ["create", "configmap", "after-role-change", "-n", namespaces[0]]);
    // The old subscription is gone; a new one (as the editor group) is authorized afresh.
    const again = await subscriber("alice");
    expect((await again.subscribe(request)).ok).toBe(true);
    await again.until(() => again.names().includes("after-role-change"), "the new subscription's rows");
    expect(alice.rows.size).toBe(rows);
  });
});
