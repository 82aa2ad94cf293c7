/**
 * StatefulSet and DaemonSet rollback against a REAL kube-apiserver and controller manager. The
 * controller renumbers the ControllerRevision a rollback restores (revision 1 comes back as 3), so
 * the same rollback request a second time must still find it — and answer "nothing changed"
 * without a second rollout — while a revision that never existed stays a 404 naming toRevision.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
const ROLLBACK_HISTORY = "pilothouse.dev/rollback-history";
import { newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { auditRowsOf, call, type OperationsOrg, operationsOrg } from "../support/operations-fixtures";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

const [cluster] = twoTestClusters();
const CONVERGE = { timeout: 60_000, interval: 300 };

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let org: OperationsOrg;
let namespace: string;

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  org = await operationsOrg(fresh.db, cluster);
  namespace = await createNamespace(cluster, "ops-cr");
}, 60_000);

afterAll(async () => {
  await deleteNamespace(cluster, namespace);
  await fresh?.drop();
});

type Kind = { plural: "statefulsets" | "daemonsets"; kind: "StatefulSet" | "DaemonSet" };
const KINDS: Kind[] = [
  { plural: "statefulsets", kind: "StatefulSet" },
  { plural: "daemonsets", kind: "DaemonSet" },
];

function manifest({ kind }: Kind, name: string, image: string) {
  const template = { metadata: { labels: { app: name } }, spec: { containers: [{ name: "web", image }] } };
  const spec =
    kind === "StatefulSet"
      ? { serviceName: name, replicas: 1, selector: { matchLabels: { app: name } }, template }
      : { selector: { matchLabels: { app: name } }, template };
  return JSON.stringify({ apiVersion: "apps/v1", kind, metadata: { name, namespace }, spec });
}

/** The workload's ControllerRevisions as `[revision, name]`, newest first. */
async function controllerRevisions(name: string): Promise<[number, string][]> {
  const list = JSON.parse(
    await kubectl(cluster, ["get", "controllerrevisions", "-n", namespace, "-l", `app=${name}`, "-o", "json"]),
  ) as { items: { revision: number; metadata: { name: string } }[] };
  return list.items.map((item): [number, string] => [item.revision, item.metadata.name]).sort((a, b) => b[0] - a[0]);
}

async function workload({ plural }: Kind, name: string) {
  return JSON.parse(await kubectl(cluster, ["get", plural, name, "-n", namespace, "-o", "json"])) as {
    metadata: { generation: number; annotations?: Record<string, string> };
    spec: { template: { spec: { containers: { image: string }[] } } };
  };
}

describe.each(KINDS)("$kind rollback", (kind) => {
  const name = `rb-${kind.plural.slice(0, 3)}`;
  const path = () => `/api/v1/clusters/${org.clusterId}/workloads/${kind.plural}/${namespace}/${name}`;

  it("rolls back once when the same request is sent twice; the second answer says nothing changed", async () => {
    await kubectl(cluster, ["apply", "-f", "-"], manifest(kind, name, "nginx:1.19.6"));
    await vi.waitFor(async () => expect(await controllerRevisions(name)).toHaveLength(1), CONVERGE);
    const [[, first]] = (await controllerRevisions(name)) as [[number, string]];
    await kubectl(cluster, ["apply", "-f", "-"], manifest(kind, name, "nginx:1.20.2"));
    await vi.waitFor(async () => expect((await controllerRevisions(name))[0]?.[0]).toBe(2), CONVERGE);

    const done = await call(org.tokens.editor, "POST", `${path()}/rollback`, { toRevision: 1 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ changed: true, fromRevision: 2, toRevision: 1 });
    // The controller restores revision 1's ControllerRevision under the next number.
    await vi.waitFor(async () => expect((await controllerRevisions(name))[0]).toEqual([3, first]), CONVERGE);
    const before = await workload(kind, name);
    expect(before.spec.template.spec.containers[0]!.image).toBe("nginx:1.19.6");
    expect(before.metadata.annotations?.[ROLLBACK_HISTORY]).toBe(`1=${first}`);

    const again = await call(org.tokens.editor, "POST", `${path()}/rollback`, { toRevision: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, fromRevision: 3, toRevision: 3, changes: [] });
    expect((await workload(kind, name)).metadata.generation).toBe(before.metadata.generation);
    expect((await controllerRevisions(name)).map(([revision]) => revision)).toEqual([3, 2]);
    const [row] = await auditRowsOf(fresh.db, again.requestId);
    expect(row?.outcome).toMatchObject({
      outcome: "success",
      detail: "revision 3 is already current; nothing changed",
    });

    const listed = await call(org.tokens.viewer, "GET", `${path()}/revisions`);
    const cards = listed.body.revisions as { revision: number; current: boolean; formerRevisions: number[] }[];
    expect(cards.map((card) => [card.revision, card.current, card.formerRevisions])).toEqual([
      [3, true, [1]],
      [2, false, []],
    ]);
  });

  it("still answers 404 naming toRevision for a revision that never existed", async () => {
    const missing = await call(org.tokens.editor, "POST", `${path()}/rollback`, { toRevision: 7 });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "NOT_FOUND", path: "toRevision" } });
    expect(JSON.stringify(missing.body)).toContain("revisions kept: 3, 2");
    expect((await controllerRevisions(name)).map(([revision]) => revision)).toEqual([3, 2]);
  });
});
