/**
 * Workload operations against a REAL kube-apiserver (the controller manager and the fake kubelet
 * run the pods): scale converges, restart replaces every pod, pause holds a new image back until
 * resume, rollback restores a named revision's image, a stale resourceVersion is a 409. Refusals
 * (the viewer role; the view-only kubeconfig; an unavailable audit table) send ZERO writes to the
 * apiserver, counted in the apiserver's own audit log. Every attempt leaves exactly one attempt
 * row and one outcome row.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type ApiserverAuditEvent,
  markAuditLog,
  readAuditEventsSince,
  waitForAuditEvents,
} from "../support/apiserver-audit";
import { newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import {
  auditRowsOf,
  call,
  createDeployment,
  deploymentState,
  type OperationsOrg,
  operationsOrg,
  podsOf,
  replicaSetCount,
} from "../support/operations-fixtures";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

const [cluster] = twoTestClusters();
const CONVERGE = { timeout: 90_000, interval: 300 };

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let org: OperationsOrg;
let namespace: string;
/** Every request id that passed validation and so must have its two audit rows. */
const attempts: string[] = [];

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  org = await operationsOrg(fresh.db, cluster);
  namespace = await createNamespace(cluster, "ops-it");
}, 60_000);

afterAll(async () => {
  await deleteNamespace(cluster, namespace);
  await fresh?.drop();
});

const base = (name: string, clusterId = org.clusterId) =>
  `/api/v1/clusters/${clusterId}/workloads/deployments/${namespace}/${name}`;

async function act(role: keyof OperationsOrg["tokens"], method: string, path: string, body?: unknown) {
  const answer = await call(org.tokens[role], method, path, body);
  if (method !== "GET") attempts.push(answer.requestId);
  return answer;
}

async function converged(name: string, replicas: number, image?: string) {
  await vi.waitFor(async () => {
    const state = await deploymentState(cluster, namespace, name);
    expect(state).toMatchObject({ replicas, ready: replicas, updated: replicas, ...(image && { image }) });
    expect(state.observedGeneration).toBe(state.generation);
    const pods = await podsOf(cluster, namespace, name);
    expect(pods.filter((pod) => pod.ready)).toHaveLength(replicas);
    expect(pods).toHaveLength(replicas);
  }, CONVERGE);
}

function resourceVersionOf(name: string): Promise<string> {
  return kubectl(cluster, ["get", "deployment", name, "-n", namespace, "-o", "jsonpath={.metadata.resourceVersion}"]);
}

/** Writes by Pilothouse's identities (not the cluster's controllers), except RBAC questions. */
function pilothouseWrites(events: ApiserverAuditEvent[]) {
  const ids = new Set(
    events
      .filter((event) => ["realk8s-token-user", "realk8s-viewer"].includes(event.user.username))
      .filter((event) => event.objectRef?.resource !== "selfsubjectaccessreviews")
      .map((event) => event.auditID),
  );
  return [...ids];
}

describe("scale", () => {
  it("scales 3→5→3 through the scale subresource and the Deployment converges each time", async () => {
    await createDeployment(cluster, namespace, "scaled");
    await converged("scaled", 3);
    const up = await act("editor", "POST", `${base("scaled")}/scale`, { replicas: 5 });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ replicas: 5, before: 3, autoscaler: null });
    await converged("scaled", 5);
    const down = await act("editor", "POST", `${base("scaled")}/scale`, { replicas: 3 });
    expect(down.body).toMatchObject({ replicas: 3, before: 5 });
    await converged("scaled", 3);
    const rows = await auditRowsOf(fresh.db, up.requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "workload.scale",
      kind: "Deployment",
      namespace,
      name: "scaled",
      clusterId: org.clusterId,
      summary: "replicas →5",
      outcome: { outcome: "success", detail: "replicas 3→5" },
    });
  });

  it("answers 409 CONFLICT for a stale resourceVersion and changes nothing", async () => {
    const before = await deploymentState(cluster, namespace, "scaled");
    const stale = await act("editor", "POST", `${base("scaled")}/scale`, { replicas: 7, resourceVersion: "1" });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: "CONFLICT" } });
    expect((await deploymentState(cluster, namespace, "scaled")).replicas).toBe(before.replicas);
    const [row] = await auditRowsOf(fresh.db, stale.requestId);
    expect(row?.outcome).toMatchObject({ outcome: "failure" });
    expect(row?.outcome?.detail).toMatch(/^CONFLICT/);
  });

  it("reports the HorizontalPodAutoscaler that owns the replica count and scales only when confirmed", async () => {
    await createDeployment(cluster, namespace, "autoscaled", { replicas: 2 });
    await call(org.tokens.owner, "GET", `${base("autoscaled")}/revisions`); // warm discovery
    await kubectl(cluster, ["autoscale", "deployment", "autoscaled", "-n", namespace, "--min=2", "--max=4"]);
    const refused = await act("editor", "POST", `${base("autoscaled")}/scale`, { replicas: 3 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: "CONFLICT", path: "confirmAutoscaler" } });
    expect(JSON.stringify(refused.body)).toContain("HorizontalPodAutoscaler autoscaled");
    const confirmed = await act("editor", "POST", `${base("autoscaled")}/scale`, {
      replicas: 3,
      confirmAutoscaler: true,
    });
    expect(confirmed.body).toMatchObject({ replicas: 3, autoscaler: "autoscaled" });
  });
});

describe("restart, pause and set image", () => {
  it("restart replaces every pod, as kubectl rollout restart does", async () => {
    await createDeployment(cluster, namespace, "restarted", { replicas: 2 });
    await converged("restarted", 2);
    const original = (await podsOf(cluster, namespace, "restarted")).map((pod) => pod.name);
    const restarted = await act("editor", "POST", `${base("restarted")}/restart`);
    expect(restarted.status).toBe(200);
    await vi.waitFor(async () => {
      const pods = await podsOf(cluster, namespace, "restarted");
      expect(pods.filter((pod) => pod.ready && !original.includes(pod.name))).toHaveLength(2);
      expect(pods.map((pod) => pod.name).filter((name) => original.includes(name))).toEqual([]);
    }, CONVERGE);
    const [row] = await auditRowsOf(fresh.db, restarted.requestId);
    expect(row).toMatchObject({ action: "workload.restart", outcome: { outcome: "success" } });
    expect(row?.outcome?.detail).toMatch(/^restartedAt \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("pause then set image makes no new ReplicaSet until resume", async () => {
    await createDeployment(cluster, namespace, "paused", { replicas: 2 });
    await converged("paused", 2);
    expect((await act("editor", "POST", `${base("paused")}/pause`)).status).toBe(200);
    const replicaSets = await replicaSetCount(cluster, namespace, "paused");
    const image = await act("editor", "POST", `${base("paused")}/image`, { container: "web", image: "nginx:1.20.2" });
    expect(image.body).toMatchObject({ container: "web", image: "nginx:1.20.2", before: "nginx:1.19.6" });
    // The controller has seen the new spec (observedGeneration caught up) and still made nothing new.
    await vi.waitFor(async () => {
      const state = await deploymentState(cluster, namespace, "paused");
      expect(state.observedGeneration).toBe(state.generation);
    }, CONVERGE);
    expect(await replicaSetCount(cluster, namespace, "paused")).toBe(replicaSets);
    expect((await act("editor", "POST", `${base("paused")}/resume`)).status).toBe(200);
    await converged("paused", 2, "nginx:1.20.2");
    expect(await replicaSetCount(cluster, namespace, "paused")).toBe(replicaSets + 1);
    const [row] = await auditRowsOf(fresh.db, image.requestId);
    expect(row).toMatchObject({
      action: "workload.set_image",
      outcome: { outcome: "success", detail: "image web: nginx:1.19.6→nginx:1.20.2" },
    });
  });

  it("names the container when it does not exist", async () => {
    const wrong = await act("editor", "POST", `${base("paused")}/image`, { container: "nope", image: "nginx:1" });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: { code: "INVALID_INPUT", path: "container" } });
    expect(JSON.stringify(wrong.body)).toContain("it has web");
  });
});

describe("revisions and rollback", () => {
  it("lists revisions, diffs two, previews a rollback by dry run and restores the named revision's image", async () => {
    await createDeployment(cluster, namespace, "rolled", { replicas: 2 });
    await converged("rolled", 2);
    await act("editor", "POST", `${base("rolled")}/image`, { container: "web", image: "nginx:1.20.2" });
    await converged("rolled", 2, "nginx:1.20.2");
    const listed = await call(org.tokens.viewer, "GET", `${base("rolled")}/revisions`);
    expect(listed.status).toBe(200);
    const cards = listed.body.revisions as { revision: number; current: boolean; images: unknown[]; pods: number }[];
    expect(cards.map((card) => [card.revision, card.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(cards[0]).toMatchObject({ images: [{ container: "web", image: "nginx:1.20.2" }], pods: 2 });
    expect(cards[1]).toMatchObject({ images: [{ container: "web", image: "nginx:1.19.6" }], pods: 0 });

    const diff = await call(org.tokens.viewer, "GET", `${base("rolled")}/revisions/diff?from=2&to=1`);
    expect(diff.body.changes).toEqual([
      { area: "image", container: "web", before: "nginx:1.20.2", after: "nginx:1.19.6" },
    ]);
    expect(diff.body.yaml).toContain("-    - image: nginx:1.20.2");
    expect(diff.body.yaml).toContain("+    - image: nginx:1.19.6");

    const version = await resourceVersionOf("rolled");
    const preview = await act("editor", "POST", `${base("rolled")}/rollback`, {
      toRevision: 1,
      dryRun: true,
      resourceVersion: version,
    });
    expect(preview.body).toMatchObject({ dryRun: true, changed: true, fromRevision: 2, toRevision: 1 });
    expect(preview.body.changes).toEqual([
      { area: "image", container: "web", before: "nginx:1.20.2", after: "nginx:1.19.6" },
    ]);
    expect((await deploymentState(cluster, namespace, "rolled")).image).toBe("nginx:1.20.2");
    expect(await auditRowsOf(fresh.db, preview.requestId)).toEqual([]); // a preview changes nothing
    attempts.splice(attempts.indexOf(preview.requestId), 1);

    const done = await act("editor", "POST", `${base("rolled")}/rollback`, {
      toRevision: 1,
      resourceVersion: version,
    });
    expect(done.body).toMatchObject({ dryRun: false, changed: true, toRevision: 1 });
    await converged("rolled", 2, "nginx:1.19.6");
    await vi.waitFor(async () => {
      const after = (await call(org.tokens.viewer, "GET", `${base("rolled")}/revisions`)).body.revisions as {
        revision: number;
        current: boolean;
        images: { image: string }[];
        formerRevisions: number[];
      }[];
      // Revision 1 came back as revision 3 (the controller renumbers what it restores).
      expect(after.map((card) => [card.revision, card.current, card.images[0]!.image])).toEqual([
        [3, true, "nginx:1.19.6"],
        [2, false, "nginx:1.20.2"],
      ]);
      expect(after[0]!.formerRevisions).toEqual([1]);
    }, CONVERGE);
    const [row] = await auditRowsOf(fresh.db, done.requestId);
    expect(row).toMatchObject({
      action: "workload.rollback",
      summary: "revision →1",
      outcome: { outcome: "success", detail: "revision 2→1" },
    });
  });

  it("makes one rollout when the same rollback is sent twice", async () => {
    const replicaSets = await replicaSetCount(cluster, namespace, "rolled");
    const generation = (await deploymentState(cluster, namespace, "rolled")).generation;
    const again = await act("editor", "POST", `${base("rolled")}/rollback`, { toRevision: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false });
    expect((await deploymentState(cluster, namespace, "rolled")).generation).toBe(generation);
    expect(await replicaSetCount(cluster, namespace, "rolled")).toBe(replicaSets);
  });

  it("refuses with CONFLICT when the Deployment changed since the caller looked", async () => {
    const seen = await resourceVersionOf("rolled");
    await kubectl(cluster, ["annotate", "deployment", "rolled", "-n", namespace, "touched=yes"]);
    const conflict = await act("editor", "POST", `${base("rolled")}/rollback`, {
      toRevision: 2,
      resourceVersion: seen,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: "CONFLICT" } });
    expect((await deploymentState(cluster, namespace, "rolled")).image).toBe("nginx:1.19.6");
  });
});

describe("refusals send nothing to the cluster", () => {
  it("refuses the viewer role with 403 before any request reaches the apiserver", async () => {
    const mark = markAuditLog(cluster);
    const refused = await act("viewer", "POST", `${base("scaled")}/scale`, { replicas: 9 });
    expect(refused.status).toBe(403);
    const rows = await auditRowsOf(fresh.db, refused.requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.outcome?.outcome).toBe("denied");
    // A write Pilothouse does send shows up in the log, so an empty count below means something.
    const control = await act("editor", "POST", `${base("scaled")}/restart`);
    await waitForAuditEvents(mark, (events) => pilothouseWrites(events).length === 1);
    expect(control.status).toBe(200);
    expect(
      readAuditEventsSince(mark).filter((event) => event.requestURI.includes("/scaled/scale") && event.verb !== "get"),
    ).toEqual([]);
  });

  it("refuses an editor through the view-only kubeconfig with 403 and ZERO writes at the apiserver", async () => {
    const mark = markAuditLog(cluster);
    const path = `${base("scaled", org.viewerClusterId)}`;
    const answers = [
      await act("editor", "POST", `${path}/scale`, { replicas: 9 }),
      await act("editor", "POST", `${path}/restart`),
      await act("editor", "POST", `${path}/image`, { container: "web", image: "nginx:9" }),
      await act("editor", "POST", `${path}/rollback`, { toRevision: 1 }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(answers[0]!.body).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(JSON.stringify(answers[0]!.body)).toMatch(/RBAC does not let this cluster's stored credential/);
    for (const answer of answers) {
      const rows = await auditRowsOf(fresh.db, answer.requestId);
      expect(rows.map((row) => row.outcome?.outcome)).toEqual(["denied"]);
    }
    // Its RBAC questions reached the apiserver (so the log is being read), its writes did not.
    const events = await waitForAuditEvents(mark, (seen) =>
      seen.some((event) => event.user.username === "realk8s-viewer"),
    );
    expect(pilothouseWrites(events)).toEqual([]);
  });

  it("sends no mutation when the audit table refuses the attempt row", async () => {
    await fresh.db.$executeRawUnsafe(`
      CREATE FUNCTION ops_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END; $$`);
    await fresh.db.$executeRawUnsafe(
      `CREATE TRIGGER ops_refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION ops_refuse_audit()`,
    );
    const mark = markAuditLog(cluster);
    try {
      const refused = await call(org.tokens.editor, "POST", `${base("scaled")}/scale`, { replicas: 6 });
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: { code: "UNAVAILABLE" } });
    } finally {
      await fresh.db.$executeRawUnsafe(`DROP TRIGGER ops_refuse_audit ON audit_events`);
      await fresh.db.$executeRawUnsafe(`DROP FUNCTION ops_refuse_audit()`);
    }
    // The next audited write is the witness that the log is current when we count.
    await act("editor", "POST", `${base("restarted")}/restart`);
    const events = await waitForAuditEvents(mark, (seen) => pilothouseWrites(seen).length === 1);
    expect(events.filter((event) => event.objectRef?.name === "scaled" && event.verb !== "get")).toEqual([]);
    expect((await deploymentState(cluster, namespace, "scaled")).replicas).toBe(3);
  });

  it("leaves exactly one attempt row and one outcome row for every attempt, failures included", async () => {
    expect(attempts.length).toBeGreaterThan(15);
    for (const requestId of attempts) {
      const rows = await auditRowsOf(fresh.db, requestId);
      expect(rows, requestId).toHaveLength(1);
      expect(rows[0]!.outcome, requestId).not.toBeNull();
    }
    const pending = await fresh.db.auditEvent.count({ where: { orgId: org.orgId, outcome: null } });
    expect(pending).toBe(0);
  });
});
