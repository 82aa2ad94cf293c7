/**
 * A workload's timeline against a REAL apiserver and controller-manager: a scale done through
 * Pilothouse's audited path shows up next to the ScalingReplicaSet event it caused, with the
 * pods' events and the rollout revisions, all read through the REST route.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getTimeline } from "@/app/api/v1/clusters/[id]/timeline/route";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { EventHistory } from "@/lib/server/events/event-history";
import { createWatchHub } from "@/lib/server/k8s/watch-hub";
import { scaleWorkload } from "@/lib/server/operations/workload-actions";
import type { Timeline, TimelineItem } from "@/lib/timeline/types";
import { newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { memberWithCluster } from "../support/log-fixtures";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

// Next's session reader does not load outside Next; these requests carry API tokens instead.
vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

const [cluster] = twoTestClusters();
const CONVERGE = { timeout: 45_000, interval: 500 };

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let member: Awaited<ReturnType<typeof memberWithCluster>>;
let token: string;
let namespace: string;
let history: EventHistory;

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  member = await memberWithCluster(fresh.db, cluster, { role: "editor" });
  token = (
    await issueApiToken({
      userId: member.context.actor.userId,
      orgId: member.context.orgId,
      name: "tl",
      expiresAt: null,
    })
  ).token;
  namespace = await createNamespace(cluster, "timeline-it");
  history = new EventHistory({
    hub: createWatchHub({ batchWindowMs: 10 }),
    recorder: { flushMs: 200, batchSize: 500, maxPending: 5000 },
    isHealthy: (id) => id === member.clusterId,
  });
  await history.sync();
});

afterAll(async () => {
  await history?.stop();
  await deleteNamespace(cluster, namespace);
  await fresh?.drop();
});

async function timeline(query: string) {
  const request = new Request(`http://localhost:3000/api/v1/clusters/${member.clusterId}/timeline?${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return getTimeline(request, { params: Promise.resolve({ id: member.clusterId }) });
}

async function deploy(name: string) {
  const manifest = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: "example.test/tl:1" }] },
      },
    },
  };
  await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(manifest));
}

const isScaleTo3 = (item: TimelineItem) =>
  item.source === "event" && item.reason === "ScalingReplicaSet" && /to 3\b/.test(item.message);

describe("the workload timeline", () => {
  it("puts a scale done through Pilothouse next to the ScalingReplicaSet event it caused", async () => {
    await deploy("ledger");
    await vi.waitFor(async () => {
      const out = await kubectl(cluster, ["get", "replicasets", "-n", namespace, "-l", "app=ledger", "-o", "name"]);
      expect(out.trim()).not.toBe("");
    }, CONVERGE);
    // Pilothouse's own scale action: an attempt row, the scale subresource call, an outcome row.
    await scaleWorkload(
      member.context,
      { clusterId: member.clusterId, resource: "deployments.apps", namespace, name: "ledger" },
      { replicas: 3 },
    );

    let body: Timeline | undefined;
    await vi.waitFor(async () => {
      await history.flush();
      const response = await timeline(`kind=Deployment&namespace=${namespace}&name=ledger&since=1h`);
      expect(response.status).toBe(200);
      body = (await response.json()) as Timeline;
      expect(body.items.some(isScaleTo3)).toBe(true);
      // The pods the scale made have their own events on the same axis (the scheduler's).
      expect(body.items.some((item) => item.source === "event" && item.object.kind === "Pod")).toBe(true);
    }, CONVERGE);

    const items = body!.items;
    const scale = items.find((item) => item.source === "audit")!;
    expect(scale).toMatchObject({
      action: "workload.scale",
      actor: member.context.actor.email,
      summary: "replicas →3",
      detail: "replicas 1→3",
      outcome: "success",
    });
    const caused = items.find(isScaleTo3)!;
    // Next to each other: the event follows the action within moments (events carry whole seconds).
    expect(Math.abs(Date.parse(caused.time) - Date.parse(scale.time))).toBeLessThan(30_000);
    expect(items.some((item) => item.source === "revision" && item.revision === 1)).toBe(true);
    expect(items.map((item) => item.time)).toEqual([...items.map((item) => item.time)].sort());
    // Another workload's events and actions stay off this one's timeline.
    expect(items.filter((item) => item.source === "event").every((item) => item.object.name.startsWith("ledger"))).toBe(
      true,
    );
  });

  it("answers 422 naming a bad parameter", async () => {
    const badKind = await timeline(`kind=Service&namespace=${namespace}&name=x`);
    expect(badKind.status).toBe(422);
    expect((await badKind.json()).error).toMatchObject({ code: "INVALID_INPUT", path: "kind" });
    const badSince = await timeline(`kind=Pod&namespace=${namespace}&name=x&since=yesterday`);
    expect((await badSince.json()).error).toMatchObject({ path: "since" });
  });
});
