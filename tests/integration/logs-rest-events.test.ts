/**
 * The REST log route and the event history against REAL apiservers: the route's text equals
 * kubectl's, a follow stream gives its slot back when the client leaves, and events recorded from
 * the cluster stay queryable after the cluster has deleted them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getEvents } from "@/app/api/v1/clusters/[id]/events/route";
import { GET as getContainers } from "@/app/api/v1/clusters/[id]/pods/[namespace]/[name]/containers/route";
import { GET as getLog } from "@/app/api/v1/clusters/[id]/pods/[namespace]/[name]/log/route";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { deleteCluster } from "@/lib/server/clusters/service";
import { EventHistory, pruneEvents } from "@/lib/server/events/event-history";
import { log } from "@/lib/server/logger";
import { createWatchHub } from "@/lib/server/k8s/watch-hub";
import { getLogHub } from "@/lib/server/logs/log-hub";
import { newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { memberWithCluster, textLines } from "../support/log-fixtures";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

// Next's session reader does not load outside Next; these requests carry API tokens instead.
vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

const [cluster] = twoTestClusters();
const CONVERGE = { timeout: 30_000, interval: 200 };

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let member: Awaited<ReturnType<typeof memberWithCluster>>;
let token: string;
let namespace: string;

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  member = await memberWithCluster(fresh.db, cluster);
  const issued = await issueApiToken({
    userId: member.context.actor.userId,
    orgId: member.context.orgId,
    name: "logs",
    expiresAt: null,
  });
  token = issued.token;
  namespace = await createNamespace(cluster, "events-it");
});

afterAll(async () => {
  await deleteNamespace(cluster, namespace);
  await fresh?.drop();
});

function request(path: string) {
  return new Request(`http://localhost:3000${path}`, { headers: { Authorization: `Bearer ${token}` } });
}

async function podOf(ns: string, selector: string): Promise<string> {
  const out = await kubectl(cluster, [
    "get",
    "pods",
    "-n",
    ns,
    "-l",
    selector,
    "-o",
    "jsonpath={.items[0].metadata.name}",
  ]);
  return out.trim();
}

function logOf(pod: string, ns: string, query: string) {
  return getLog(request(`/api/v1/clusters/${member.clusterId}/pods/${ns}/${pod}/log?${query}`), {
    params: Promise.resolve({ id: member.clusterId, namespace: ns, name: pod }),
  });
}

describe("GET /api/v1/clusters/:id/pods/:namespace/:name/log", () => {
  it("answers kubectl's text for a previous container, with and without timestamps", async () => {
    const pod = await podOf("payments", "app=ledger-worker");
    const plain = await logOf(pod, "payments", "previous=true&tailLines=8");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toContain("text/plain");
    const witness = await kubectl(cluster, ["logs", "-n", "payments", pod, "--previous", "--tail", "8"]);
    expect(await plain.text()).toBe(witness);
    const stamped = textLines(await (await logOf(pod, "payments", "previous=true&tailLines=8&timestamps=true")).text());
    expect(stamped.map((line) => line.replace(/^\S+ /, ""))).toEqual(textLines(witness));
    expect(stamped.every((line) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z /.test(line))).toBe(true);
  });

  it("follows a running container and gives its stream slot back when the reader leaves", async () => {
    const pod = await podOf("shop", "app=web");
    const before = getLogHub().stats().streams;
    const response = await logOf(pod, "shop", "follow=true&tailLines=1&timestamps=true");
    expect(getLogHub().stats().streams).toBe(before + 1);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (textLines(text).length < 3) text += decoder.decode((await reader.read()).value);
    const stamps = textLines(text).map((line) => line.split(" ")[0]!);
    expect(stamps[2]! > stamps[0]!).toBe(true); // a line written after the request arrived
    await reader.cancel();
    await vi.waitFor(() => expect(getLogHub().stats().streams).toBe(before), CONVERGE);
  });

  it("names the bad parameter and refuses a container the pod does not have", async () => {
    const pod = await podOf("shop", "app=web");
    const bad = await logOf(pod, "shop", "tailLines=-3");
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({ code: "INVALID_INPUT", path: "tailLines" });
    const missing = await logOf(pod, "shop", "container=nope");
    expect(missing.status).toBe(422);
    expect((await missing.json()).error).toMatchObject({ path: "container" });
  });
});

describe("the container picker", () => {
  const containersOf = (ns: string, pod: string) =>
    getContainers(request(`/api/v1/clusters/${member.clusterId}/pods/${ns}/${pod}/containers`), {
      params: Promise.resolve({ id: member.clusterId, namespace: ns, name: pod }),
    });

  it("lists init, regular and ephemeral containers with their state, restarts and the default", async () => {
    // Its own namespace: the pod's events must not land among the event history's below.
    const own = await createNamespace(cluster, "picker-it");
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "picker", namespace: own, annotations: { "kubectl.kubernetes.io/default-container": "main" } },
      spec: {
        initContainers: [{ name: "setup", image: "example.test/setup:1" }],
        containers: [
          { name: "sidecar", image: "example.test/sidecar:1" },
          { name: "main", image: "example.test/main:1" },
        ],
      },
    };
    await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(pod));
    const response = await containersOf(own, "picker").finally(() => deleteNamespace(cluster, own));
    expect(response.status).toBe(200);
    const { containers } = (await response.json()) as { containers: Record<string, unknown>[] };
    expect(containers.map((one) => [one.name, one.kind, one.default])).toEqual([
      ["setup", "init", false],
      ["sidecar", "regular", false],
      ["main", "regular", true],
    ]);
    expect(containers[0]).toMatchObject({ image: "example.test/setup:1", state: expect.any(String) });
  });

  it("says the crash-looping ledger-worker has restarted and has a previous log", async () => {
    const pod = await podOf("payments", "app=ledger-worker");
    const { containers } = (await (await containersOf("payments", pod)).json()) as {
      containers: { restartCount: number; hasPrevious: boolean; kind: string }[];
    };
    expect(containers[0]).toMatchObject({ kind: "regular", hasPrevious: true });
    expect(containers[0]!.restartCount).toBeGreaterThan(0);
  });
});

describe("event history", () => {
  function probeEvent(name: string) {
    return {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: { kind: "Pod", name: "probe", namespace },
      reason: "Probe",
      message: "seen",
      type: "Normal",
      count: 1,
      firstTimestamp: new Date().toISOString(),
      lastTimestamp: new Date().toISOString(),
      source: { component: "events-it" },
    };
  }

  it("records events from the cluster's Event watch and keeps them after the cluster deletes them", async () => {
    const history = new EventHistory({
      hub: createWatchHub({ batchWindowMs: 10 }),
      recorder: { flushMs: 200, batchSize: 500, maxPending: 10_000 },
      isHealthy: (id) => id === member.clusterId,
    });
    await history.sync();
    expect(history.recording()).toEqual([member.clusterId]);
    try {
      const event = {
        ...probeEvent("probe.1"),
        reason: "ProbeWarning",
        message: "the probe saw something",
        type: "Warning",
      };
      await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(event));
      const rows = () => fresh.db.clusterEvent.findMany({ where: { clusterId: member.clusterId, namespace } });
      await vi.waitFor(async () => expect(await rows()).toHaveLength(1), CONVERGE);
      // The same event seen again (count 2) updates its row; it never makes a second one.
      await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify({ ...event, count: 2 }));
      await vi.waitFor(async () => {
        expect((await rows())[0]?.count).toBe(2);
      }, CONVERGE);
      expect(await rows()).toHaveLength(1);
      await kubectl(cluster, ["delete", "event", "probe.1", "-n", namespace]);
      await history.flush();
      const response = await getEvents(
        request(`/api/v1/clusters/${member.clusterId}/events?namespace=${namespace}&kind=Pod&name=probe&type=Warning`),
        { params: Promise.resolve({ id: member.clusterId }) },
      );
      expect(response.status).toBe(200);
      const { events } = (await response.json()) as { events: unknown[] };
      expect(events).toEqual([
        expect.objectContaining({
          reason: "ProbeWarning",
          count: 2,
          type: "Warning",
          involvedObject: expect.objectContaining({ kind: "pod", name: "probe" }),
        }),
      ]);
      expect((await kubectl(cluster, ["get", "events", "-n", namespace, "-o", "name"])).trim()).toBe("");
    } finally {
      await history.stop();
    }
  });

  it("stops a deleted cluster's recorder at the database's refusal and at deletion, without warnings", async () => {
    const history = new EventHistory({
      hub: createWatchHub({ batchWindowMs: 10 }),
      recorder: { flushMs: 200, batchSize: 500, maxPending: 10_000 },
      isHealthy: () => true,
    });
    const warned = vi.spyOn(log, "warn");
    const [gone, deleted] = await Promise.all([1, 2].map(() => memberWithCluster(fresh.db, cluster)));
    await history.sync();
    try {
      expect(history.recording()).toEqual(expect.arrayContaining([gone!.clusterId, deleted!.clusterId]));
      // Removed behind this process's back (another replica): the next write meets the foreign key.
      await fresh.db.cluster.delete({ where: { id: gone!.clusterId } });
      await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(probeEvent("gone.1")));
      await vi.waitFor(() => expect(history.recording()).not.toContain(gone!.clusterId), CONVERGE);
      // Deleted through Pilothouse: its recorder stops before deleteCluster returns.
      await deleteCluster({ ...deleted!.context, role: "owner" }, deleted!.clusterId);
      expect(history.recording()).not.toContain(deleted!.clusterId);
      await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(probeEvent("gone.2")));
      await history.flush();
      const refusals = warned.mock.calls.filter(([message, fields]) =>
        [message, JSON.stringify(fields)].join(" ").includes("cluster_events_cluster_id_fkey"),
      );
      expect(refusals).toEqual([]);
      expect(history.recording()).toContain(member.clusterId);
    } finally {
      warned.mockRestore();
      await history.stop();
    }
  });

  it("prunes what is older than the retention and keeps the rest", async () => {
    const base = { clusterId: member.clusterId, involvedKind: "pod", involvedName: "p", type: "Normal", reason: "R" };
    await fresh.db.clusterEvent.createMany({
      data: [
        { ...base, uid: "old", message: "old", count: 1, lastSeen: new Date(Date.now() - 20 * 86_400_000) },
        { ...base, uid: "new", message: "new", count: 1, lastSeen: new Date() },
      ],
    });
    expect(await pruneEvents(new Date(), 14)).toBe(1);
    const left = await fresh.db.clusterEvent.findMany({ where: { uid: { in: ["old", "new"] } } });
    expect(left.map((row) => row.uid)).toEqual(["new"]);
  });

  it("answers 422 naming a bad filter", async () => {
    const response = await getEvents(request(`/api/v1/clusters/${member.clusterId}/events?since=yesterday`), {
      params: Promise.resolve({ id: member.clusterId }),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ path: "since" });
  });
});
