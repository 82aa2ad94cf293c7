import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LiveList } from "@/lib/realtime/live-list";
import type { OrgContext } from "@/lib/server/auth/actor";
import { createSession } from "@/lib/server/auth/sessions";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { GET as getKinds } from "@/app/api/v1/clusters/[id]/kinds/route";
import { GET as getObject } from "@/app/api/v1/clusters/[id]/resources/[resource]/[namespace]/[name]/route";
import { GET as listRows } from "@/app/api/v1/clusters/[id]/resources/[resource]/route";
import { addCluster } from "@/lib/server/clusters/service";
import { getWatchHub } from "@/lib/server/k8s/watch-hub";
import { getLiveViews } from "@/lib/server/resources/live-views";
import { renderMetrics } from "@/lib/server/metrics";
import { removeMember } from "@/lib/server/orgs/members";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { addMember, type LiveSocket, openLiveSocket, startRealtimeServer, Subscriber } from "../support/live-sockets";
import { clusterState, createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

const APP_URL = "http://localhost:3000";

// REST routes are called with bearer tokens; next-auth (the cookie path) needs Next's runtime.
vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

/** Call one of the REST routes as the Next router would, with an API token. */
async function rest(path: string, token: string): Promise<{ status: number; body: unknown; text: string }> {
  const url = new URL(path, APP_URL);
  const parts = url.pathname.split("/").slice(4); // [id, "resources" | "kinds", resource?, namespace?, name?]
  const request = new Request(url, { headers: { Authorization: `Bearer ${token}` } });
  const [id, what, resource, namespace, name] = parts as [string, string, string?, string?, string?];
  const response =
    what === "kinds"
      ? await getKinds(request, { params: Promise.resolve({ id }) })
      : name !== undefined
        ? await getObject(request, {
            params: Promise.resolve({ id, resource: resource!, namespace: namespace!, name }),
          })
        : await listRows(request, { params: Promise.resolve({ id, resource: resource! }) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown, text };
}

function names(list: LiveList): string[] {
  return list.getState().rows.map((row) => row.name);
}

/** Resolves when `check()` holds after some change of the list, or fails after 20 s. */
function waitFor(list: LiveList, check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${what}`));
    }, 20_000);
    const stop = list.onChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * The live resource engine end to end: sockets authenticated as real members, subscriptions
 * authorized per subscriber, rows from real kube-apiservers, kubectl as the witness.
 */
describe("live resources over sockets", () => {
  const [cluster] = twoTestClusters();
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let server: Awaited<ReturnType<typeof startRealtimeServer>>;
  let url: string;
  let owner: OrgContext;
  let clusterId: string;
  let viewerClusterId: string;
  let namespace: string;
  const sockets: LiveSocket[] = [];
  const tokens: Record<string, string> = {};
  const sessions: Record<string, string> = {};
  const memberships: Record<string, string> = {};

  async function member(context: OrgContext, name: string, role: "viewer" | "editor") {
    const added = await addMember(fresh.db, context.orgId, name, role);
    sessions[name] = added.session;
    memberships[name] = added.membershipId;
    tokens[name] = (await issueApiToken({ userId: added.userId, orgId: context.orgId, name, expiresAt: null })).token;
  }

  async function subscriber(name: string) {
    const socket = await openLiveSocket(url, APP_URL, { sessionToken: sessions[name] });
    sockets.push(socket);
    return new Subscriber(socket);
  }

  beforeAll(async () => {
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    owner = await createOrgContext(fresh.db, { role: "owner" });
    sessions.owner = await createSession(owner.actor.userId, owner.orgId);
    await member(owner, "alice", "viewer");
    await member(owner, "bob", "editor");
    const outsider = await createOrgContext(fresh.db, { role: "owner", orgName: "Elsewhere" });
    sessions.mallory = await createSession(outsider.actor.userId, outsider.orgId);
    tokens.mallory = (
      await issueApiToken({ userId: outsider.actor.userId, orgId: outsider.orgId, name: "m", expiresAt: null })
    ).token;
    const kubeconfigs = readKubeconfigs(cluster);
    clusterId = (await addCluster(nextRequest(owner), { name: "live", kubeconfig: kubeconfigs.token })).id;
    viewerClusterId = (
      await addCluster(
        nextRequest(owner),
        { name: "live-viewer", kubeconfig: kubeconfigs.viewer },
        { allowDuplicate: true },
      )
    ).id;
    namespace = await createNamespace(cluster, "live-it");
    server = await startRealtimeServer(APP_URL);
    url = server.url;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await deleteNamespace(cluster, namespace);
    await server.close();
    await fresh.drop();
  });

  it("delivers kubectl's create, patch and delete as deltas, ending equal to kubectl get", async () => {
    await kubectl(cluster, ["create", "configmap", "before", "-n", namespace, "--from-literal=a=1"]);
    const alice = await subscriber("alice");
    const ack = await alice.subscribe({ clusterId, resource: "configmaps", namespace });
    expect(ack.ok).toBe(true);
    await alice.until(() => alice.snapshots === 1, "the snapshot");
    expect(alice.names()).toContain("before");

    await kubectl(cluster, ["create", "configmap", "fresh", "-n", namespace, "--from-literal=a=1"]);
    await alice.until(() => alice.names().includes("fresh"), "ADDED fresh");
    await kubectl(cluster, ["patch", "configmap", "fresh", "-n", namespace, "-p", '{"data":{"a":"2","b":"3"}}']);
    await alice.until(
      () => alice.deltaTypes.some((delta) => delta.type === "MODIFIED" && delta.name === "fresh"),
      "MODIFIED fresh",
    );
    await kubectl(cluster, ["delete", "configmap", "before", "-n", namespace]);
    await alice.until(() => !alice.names().includes("before"), "DELETED before");

    const expected = await clusterState(cluster, "configmaps", namespace);
    await alice.until(() => JSON.stringify(alice.identities()) === JSON.stringify(expected), "kubectl's state");
    expect(alice.identities()).toEqual(expected);
    expect(alice.deltaTypes.filter((delta) => delta.name !== "kube-root-ca.crt")).toEqual(
      expect.arrayContaining([
        { type: "ADDED", name: "fresh" },
        { type: "MODIFIED", name: "fresh" },
        { type: "DELETED", name: "before" },
      ]),
    );
  });

  it("serves two members of one org on the same list from one upstream watch and one room", async () => {
    const alice = await subscriber("alice");
    const bob = await subscriber("bob");
    const request = { clusterId, resource: "configmaps", namespace, labelSelector: "shared=yes" };
    const [first, second] = await Promise.all([alice.subscribe(request), bob.subscribe(request)]);
    expect(first.ok && second.ok).toBe(true);
    expect(alice.subscriptionId).toBe(bob.subscriptionId);
    const { body } = await renderMetrics();
    const gauge = body
      .split("\n")
      .filter(
        (line) =>
          line.startsWith("pilothouse_upstream_watches{") &&
          line.includes(`cluster="${clusterId}"`) &&
          line.includes('resource="configmaps"'),
      );
    // The namespace view of the first test may linger; this view adds exactly one upstream.
    expect(gauge).toHaveLength(1);
    expect(getWatchHub().stats().upstreams).toBeLessThanOrEqual(2);
    await kubectl(cluster, ["create", "configmap", "shared", "-n", namespace]);
    await kubectl(cluster, ["label", "configmap", "shared", "-n", namespace, "shared=yes"]);
    await Promise.all(
      [alice, bob].map((viewer) => viewer.until(() => viewer.names().includes("shared"), "the shared row")),
    );
  });

  it("answers a member of another org who names this org's cluster with NOT_FOUND and no rows", async () => {
    const mallory = await subscriber("mallory");
    const frames: unknown[] = [];
    mallory.socket.onAny((_event, payload) => frames.push(payload));
    const ack = await mallory.subscribe({ clusterId, resource: "configmaps", namespace });
    expect(ack).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const cross = await mallory.subscribe({ clusterIds: [clusterId], resource: "configmaps", namespace });
    // A cross-cluster list names the cluster it cannot serve, and carries nothing of it.
    expect(cross.ok).toBe(true);
    await mallory.until(() => mallory.statuses.length > 0, "the per-cluster status");
    expect(mallory.statuses[0]).toMatchObject({ clusterId, state: "stale", code: "NOT_FOUND" });
    expect(mallory.rows.size).toBe(0);
    expect(JSON.stringify(frames)).not.toContain(namespace);
  });

  it("refuses a Secret watch when the cluster's RBAC does not let the stored identity list secrets", async () => {
    const alice = await subscriber("alice");
    const ack = await alice.subscribe({ clusterId: viewerClusterId, resource: "secrets", namespace });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(ack.ok ? "" : ack.error.message).toMatch(/list and watch secrets/);
    // The same identity may watch what `view` allows.
    expect((await alice.subscribe({ clusterId: viewerClusterId, resource: "configmaps", namespace })).ok).toBe(true);
  });

  it("never sends a Secret's values, from kubectl apply, in any snapshot or delta", async () => {
    const canary = `canary-${randomBytes(12).toString("hex")}`;
    const encoded = Buffer.from(canary).toString("base64");
    const manifest = JSON.stringify({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "canary", namespace },
      stringData: { password: canary },
    });
    const bob = await subscriber("bob");
    expect((await bob.subscribe({ clusterId, resource: "secrets", namespace })).ok).toBe(true);
    await bob.until(() => bob.snapshots === 1, "the snapshot");
    await kubectl(cluster, ["apply", "-f", "-"], manifest);
    await bob.until(() => bob.names().includes("canary"), "the canary secret");
    await kubectl(cluster, [
      "patch",
      "secret",
      "canary",
      "-n",
      namespace,
      "-p",
      JSON.stringify({ data: { extra: encoded } }),
    ]);
    await bob.until(
      () => bob.deltaTypes.some((delta) => delta.type === "MODIFIED" && delta.name === "canary"),
      "the patch",
    );
    const late = await subscriber("alice");
    await late.subscribe({ clusterId, resource: "secrets", namespace });
    await late.until(() => late.snapshots === 1, "a snapshot holding the secret");
    const restList = await rest(
      `/api/v1/clusters/${clusterId}/resources/secrets?namespace=${namespace}`,
      tokens.alice!,
    );
    expect(restList.status).toBe(200);
    const restObject = await rest(`/api/v1/clusters/${clusterId}/resources/secrets/${namespace}/canary`, tokens.alice!);
    expect(restObject.status).toBe(200);
    const object = (restObject.body as { object: { metadata: Record<string, unknown>; data?: unknown } }).object;
    expect(object.metadata.name).toBe("canary");
    expect(object.data).toBeUndefined();
    expect(object.metadata.managedFields).toBeUndefined();
    const everything = [...bob.frames, ...late.frames, restList.text, restObject.text].join("\n");
    expect(everything).toContain('"canary"');
    expect(everything).not.toContain(canary);
    expect(everything).not.toContain(encoded);
    expect(everything).not.toContain("last-applied-configuration");
  });

  it("keeps a browser's list right across a dropped connection: fresh snapshot, no duplicates, no lost deletes", async () => {
    await kubectl(cluster, ["create", "configmap", "doomed", "-n", namespace]);
    const socket = await openLiveSocket(url, APP_URL, { sessionToken: sessions.alice }, { reconnectAfterMs: 3000 });
    sockets.push(socket);
    const list = new LiveList(socket, { clusterId, resource: "configmaps", namespace });
    const states: string[] = [];
    list.onChange(() => states.push(list.getState().state));
    list.start();
    const until = (check: () => boolean, what: string) => waitFor(list, check, what);
    await until(() => list.getState().state === "live" && names(list).includes("doomed"), "the first snapshot");

    const dropped = new Promise((resolve) => socket.once("disconnect", resolve));
    socket.io.engine.close();
    await dropped;
    expect(list.getState().state).toBe("reconnecting");
    // While the socket is away: one object goes, one comes. Nobody sends this browser a delta.
    await kubectl(cluster, ["delete", "configmap", "doomed", "-n", namespace]);
    await kubectl(cluster, ["create", "configmap", "born-offline", "-n", namespace]);
    await until(() => list.getState().state === "live" && names(list).includes("born-offline"), "the resubscription");

    const rows = list.getState().rows;
    expect(names(list)).not.toContain("doomed");
    expect(new Set(rows.map((row) => row.uid)).size).toBe(rows.length);
    const expected = await clusterState(cluster, "configmaps", namespace);
    expect(
      rows
        .map(({ uid, name, resourceVersion }) => ({ uid, name, resourceVersion }))
        .sort((a, b) => a.uid.localeCompare(b.uid)),
    ).toEqual(expected);
    expect(states).toContain("reconnecting");
    list.dispose();
  });

  it("moves a browser's list to a new view when the cluster's views end (credential rotated), and drops the old room", async () => {
    const socket = await openLiveSocket(url, APP_URL, { sessionToken: sessions.alice });
    sockets.push(socket);
    const list = new LiveList(socket, { clusterId, resource: "configmaps", namespace, labelSelector: "rotation=yes" });
    let resubscribed = false;
    socket.on("watch:status", (payload) => (resubscribed ||= payload.code === "RESUBSCRIBE"));
    list.start();
    await waitFor(list, () => list.getState().state === "live", "the first snapshot");
    const roomsBefore = getLiveViews().stats().rooms;
    getWatchHub().invalidateCluster(clusterId);
    await waitFor(list, () => resubscribed && list.getState().state === "live", "the resubscription");
    await kubectl(cluster, ["create", "configmap", "rotated", "-n", namespace]);
    await kubectl(cluster, ["label", "configmap", "rotated", "-n", namespace, "rotation=yes"]);
    await waitFor(list, () => names(list).includes("rotated"), "a delta on the new view");
    expect(getLiveViews().stats().rooms).toBeLessThanOrEqual(roomsBefore);
    list.dispose();
  });

  it("pages, sorts and filters rows over REST from the hub's cache, with the same authorization", async () => {
    for (const name of ["page-a", "page-b", "page-c", "other"]) {
      await kubectl(cluster, ["create", "configmap", name, "-n", namespace]);
    }
    const base = `/api/v1/clusters/${clusterId}/resources/configmaps?namespace=${namespace}&filter=page-&sort=-name`;
    const first = await rest(`${base}&limit=2`, tokens.alice!);
    expect(first.status).toBe(200);
    const page = first.body as { items: { name: string }[]; total: number; continue?: string };
    expect(page.total).toBe(3);
    expect(page.items.map((row) => row.name)).toEqual(["page-c", "page-b"]);
    const second = await rest(`${base}&limit=2&continue=${encodeURIComponent(page.continue!)}`, tokens.alice!);
    expect((second.body as { items: { name: string }[] }).items.map((row) => row.name)).toEqual(["page-a"]);

    const badSort = await rest(`${base}&sort=nope`, tokens.alice!);
    expect(badSort.status).toBe(422);
    expect(badSort.body).toMatchObject({ error: { code: "INVALID_INPUT", path: "sort" } });
    const foreign = await rest(
      `/api/v1/clusters/${clusterId}/resources/configmaps?namespace=${namespace}`,
      tokens.mallory!,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain("page-a");
    const refused = await rest(
      `/api/v1/clusters/${viewerClusterId}/resources/secrets?namespace=${namespace}`,
      tokens.alice!,
    );
    expect(refused.status).toBe(403);
    const refusedObject = await rest(
      `/api/v1/clusters/${viewerClusterId}/resources/secrets/${namespace}/canary`,
      tokens.alice!,
    );
    expect(refusedObject.status).toBe(403);
  });

  it("gets cluster-scoped objects with _ as the namespace, and lists what the cluster serves", async () => {
    const node = await rest(`/api/v1/clusters/${clusterId}/resources/namespaces/_/${namespace}`, tokens.alice!);
    expect(node.status).toBe(200);
    expect(node.body).toMatchObject({ object: { metadata: { name: namespace } } });
    const kinds = await rest(`/api/v1/clusters/${clusterId}/kinds`, tokens.alice!);
    const served = (kinds.body as { kinds: { name: string; version: string; builtIn: boolean }[] }).kinds;
    expect(served).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "pods", version: "v1", builtIn: true }),
        expect.objectContaining({ name: "cronjobs.batch", version: "v1beta1", builtIn: true }),
        expect.objectContaining({ name: "horizontalpodautoscalers.autoscaling", version: "v2beta2", builtIn: true }),
      ]),
    );
  });

  it("stops a removed member's open socket at once: the others keep receiving, they do not", async () => {
    const bob = await subscriber("bob");
    const alice = await subscriber("alice");
    const request = { clusterId, resource: "configmaps", namespace };
    await bob.subscribe(request);
    await alice.subscribe(request);
    await Promise.all([bob, alice].map((viewer) => viewer.until(() => viewer.snapshots === 1, "the snapshot")));
    const closed = new Promise<string>((resolve) => bob.socket.on("disconnect", resolve));
    await removeMember(nextRequest(owner), memberships.bob!);
    expect(await closed).toBe("io server disconnect");
    const bobFrames = bob.frames.length;
    await kubectl(cluster, ["create", "configmap", "after-removal", "-n", namespace]);
    await alice.until(() => alice.names().includes("after-removal"), "alice's delta");
    expect(bob.frames.length).toBe(bobFrames);
    expect(bob.names()).not.toContain("after-removal");
  });
});
