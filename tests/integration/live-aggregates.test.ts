/**
 * Live aggregates against a REAL apiserver, through a real socket and the browser's own client
 * (lib/realtime/live-aggregate.ts): the cluster overview's figures equal what kubectl says and
 * move when a deployment scales; the fleet's figures are pushed after a change, with no request
 * from the page; the events page and the detail page show events the cluster has deleted.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LiveAggregateClient } from "@/lib/realtime/live-aggregate";
import type { AggregateSubscribeRequest } from "@/lib/realtime/contract";
import { isRefused, type EventGroupsData, type FleetData, type OverviewData } from "@/lib/resources/aggregates";
import { podRequests } from "@/lib/resources/kinds/pod";
import { parseQuantity } from "@/lib/resources/quantity";
import { EventHistory } from "@/lib/server/events/event-history";
import { objectEventHistory } from "@/lib/server/events/object-events";
import { createWatchHub } from "@/lib/server/k8s/watch-hub";
import { newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { APP_URL, memberWithCluster } from "../support/log-fixtures";
import { type LiveSocket, openLiveSocket, startRealtimeServer } from "../support/live-sockets";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

const [cluster] = twoTestClusters();
const CONVERGE = { timeout: 30_000, interval: 200 };

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let server: Awaited<ReturnType<typeof startRealtimeServer>>;
let admin: Awaited<ReturnType<typeof memberWithCluster>>;
let namespace: string;
const sockets: LiveSocket[] = [];
const clients: LiveAggregateClient<unknown>[] = [];

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  // The admin credential may list nodes: the overview then has every section.
  admin = await memberWithCluster(fresh.db, cluster, { kubeconfig: "admin" });
  server = await startRealtimeServer(APP_URL);
  namespace = await createNamespace(cluster, "aggregates-it");
});

afterAll(async () => {
  for (const client of clients) client.dispose();
  for (const socket of sockets) socket.close();
  await deleteNamespace(cluster, namespace);
  await server?.close();
  await fresh?.drop();
});

async function follow<T>(request: AggregateSubscribeRequest): Promise<LiveAggregateClient<T>> {
  const session = admin.cookie.split("=")[1]!;
  const socket = await openLiveSocket(server.url, APP_URL, { sessionToken: session });
  sockets.push(socket);
  const client = new LiveAggregateClient<T>(socket, request);
  clients.push(client as LiveAggregateClient<unknown>);
  client.start();
  return client;
}

type PodJson = {
  metadata: { namespace: string; name: string };
  spec: Record<string, unknown> & { nodeName?: string };
  status: { phase?: string };
};

async function kubectlJson<T>(args: string[]): Promise<T> {
  return JSON.parse(await kubectl(cluster, [...args, "-o", "json"])) as T;
}

/** What kubectl says the overview should show: pods in all, deployments, CPU requested per node. */
async function kubectlFigures() {
  const pods = (await kubectlJson<{ items: PodJson[] }>(["get", "pods", "-A"])).items;
  const nodes = (
    await kubectlJson<{ items: { metadata: { name: string }; status: { allocatable: Record<string, string> } }[] }>([
      "get",
      "nodes",
    ])
  ).items;
  const deployments = (await kubectlJson<{ items: unknown[] }>(["get", "deployments", "-A"])).items;
  const requested = new Map<string, number>();
  for (const pod of pods) {
    if (!pod.spec.nodeName || ["Succeeded", "Failed"].includes(pod.status.phase ?? "")) continue;
    const cpu = podRequests(pod.spec).cpuRequest;
    requested.set(pod.spec.nodeName, (requested.get(pod.spec.nodeName) ?? 0) + cpu);
  }
  return {
    pods: pods.length,
    deployments: deployments.length,
    nodes: nodes.map((node) => ({
      name: node.metadata.name,
      allocatable: parseQuantity(node.status.allocatable.cpu),
      requested: requested.get(node.metadata.name) ?? 0,
    })),
  };
}

function overviewFigures(data: OverviewData) {
  if (isRefused(data.pods) || !data.nodes || isRefused(data.nodes)) throw new Error("sections refused");
  const deployments = data.workloads.kinds[0]!;
  if ("refused" in deployments) throw new Error("deployments refused");
  return {
    pods: data.pods.total,
    deployments: deployments.healthy + deployments.degraded,
    nodes: data.nodes.items.map((node) => ({
      name: node.name,
      allocatable: node.cpu.allocatable,
      requested: Number(node.cpu.requested.toFixed(6)),
    })),
  };
}

function rounded(figures: Awaited<ReturnType<typeof kubectlFigures>>) {
  return {
    ...figures,
    nodes: figures.nodes.map((node) => ({ ...node, requested: Number(node.requested.toFixed(6)) })),
  };
}

describe("cluster overview aggregate", () => {
  it("equals kubectl's figures, names the seeded failures, and follows a deployment as it scales", async () => {
    const overview = await follow<OverviewData>({ view: "overview", clusterId: admin.clusterId });
    await vi.waitFor(() => expect(overview.getState().data).not.toBeNull(), CONVERGE);
    expect(overview.getState().state).toBe("live");
    await vi.waitFor(async () => {
      expect(overviewFigures(overview.getState().data!)).toEqual(rounded(await kubectlFigures()));
    }, CONVERGE);

    const data = overview.getState().data!;
    if (isRefused(data.pods)) throw new Error("pods refused");
    const podsBefore = data.pods.total;
    const troubled = data.pods.top.map((entry) => `${entry.namespace}/${entry.name}`);
    expect(troubled.some((name) => name.startsWith("batch/ml-trainer-"))).toBe(true);
    expect(data.workloads.top.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(["ledger-worker", "recommendations"]),
    );
    // The top few and a total: the frame never carries every pod.
    expect(data.pods.top.length).toBeLessThanOrEqual(8);

    await kubectl(cluster, ["create", "deployment", "scaler", "--image=nginx", "-n", namespace]);
    await kubectl(cluster, ["set", "resources", "deployment/scaler", "-n", namespace, "--requests=cpu=100m"]);
    await kubectl(cluster, ["scale", "deployment/scaler", "-n", namespace, "--replicas=3"]);
    await vi.waitFor(async () => {
      const witness = rounded(await kubectlFigures());
      expect(witness.pods).toBeGreaterThanOrEqual(podsBefore + 3);
      expect(overviewFigures(overview.getState().data!)).toEqual(witness);
    }, CONVERGE);
  });

  it("refuses another org's cluster as NOT_FOUND", async () => {
    const other = await memberWithCluster(fresh.db, cluster);
    const overview = await follow<OverviewData>({ view: "overview", clusterId: other.clusterId });
    await vi.waitFor(() => expect(overview.getState().error?.code).toBe("NOT_FOUND"), CONVERGE);
    expect(overview.getState().data).toBeNull();
  });
});

describe("fleet aggregate", () => {
  it("pushes new figures after a change in the cluster, without the page asking", async () => {
    const fleet = await follow<FleetData>({ view: "fleet" });
    await vi.waitFor(() => expect(fleet.getState().data?.clusters[0]?.pods).toBeTruthy(), CONVERGE);
    await kubectl(cluster, ["create", "deployment", "fleet-probe", "--image=nginx", "--replicas=2", "-n", namespace]);
    // The count is cluster-wide and other test files add and remove pods on this cluster at the
    // same time, so the figures are compared with kubectl's, once the probe's pods exist, not
    // with a count taken before.
    await vi.waitFor(async () => {
      const pods = (await kubectlJson<{ items: PodJson[] }>(["get", "pods", "-A"])).items;
      expect(pods.filter((pod) => pod.metadata.name.startsWith("fleet-probe-")).length).toBeGreaterThanOrEqual(2);
      const shown = fleet.getState().data!.clusters[0]!.pods!;
      expect(Object.values(shown).reduce((sum, count) => sum + count, 0)).toBe(pods.length);
    }, CONVERGE);
    expect(fleet.getState().data!.clusters[0]!.clusterId).toBe(admin.clusterId);
    // The cluster's own truth travels with its figures (its card says it, not only the page).
    await vi.waitFor(
      () =>
        expect(fleet.getState().data!.clusters[0]!.freshness).toMatchObject({
          state: "live",
          since: expect.any(String),
        }),
      CONVERGE,
    );
  });
});

describe("events merged with the stored history", () => {
  function probeEvent(name: string) {
    const now = new Date().toISOString();
    return {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: { kind: "Pod", name: "gone-pod", namespace },
      reason: "ProbeFailed",
      message: "the probe saw something",
      type: "Warning",
      count: 3,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: "aggregates-it" },
    };
  }

  it("shows an object's events after the cluster has deleted them, on the events page and the detail page", async () => {
    const history = new EventHistory({
      hub: createWatchHub({ batchWindowMs: 10 }),
      recorder: { flushMs: 200, batchSize: 500, maxPending: 10_000 },
      isHealthy: (id) => id === admin.clusterId,
    });
    await history.sync();
    try {
      await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(probeEvent("gone-pod.1")));
      const rows = () =>
        fresh.db.clusterEvent.findMany({ where: { clusterId: admin.clusterId, namespace, involvedName: "gone-pod" } });
      await vi.waitFor(async () => expect(await rows()).toHaveLength(1), CONVERGE);
      await kubectl(cluster, ["delete", "event", "gone-pod.1", "-n", namespace]);
      await history.flush();
      expect((await kubectl(cluster, ["get", "events", "-n", namespace, "-o", "name"])).trim()).not.toContain(
        "gone-pod",
      );

      const page = await follow<EventGroupsData>({
        view: "events",
        clusterId: admin.clusterId,
        namespaces: [namespace],
        range: "24h",
        filter: "gone-pod",
        window: { offset: 0, limit: 50 },
      });
      await vi.waitFor(() => expect(page.getState().data?.groups).toHaveLength(1), CONVERGE);
      const [group] = page.getState().data!.groups;
      expect(group).toMatchObject({ kind: "pod", name: "gone-pod", warning: true, count: 3, eventCount: 1 });
      expect(group!.events[0]!.cells).toMatchObject({ reason: "ProbeFailed", fromHistory: true });

      const recorded = await objectEventHistory(admin.context, {
        clusterId: admin.clusterId,
        namespace,
        kind: "Pod",
        name: "gone-pod",
      });
      expect(recorded).toEqual([expect.objectContaining({ reason: "ProbeFailed", count: 3, type: "Warning" })]);
    } finally {
      await history.stop();
    }
  });
});
