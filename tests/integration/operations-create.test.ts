/**
 * Creating objects against a REAL kube-apiserver (docs/operations.md, "Create"): from YAML with
 * a dry run that stores nothing, AlreadyExists and namespace mismatches named by field, typed
 * Secrets whose TLS key must match the certificate (values never in an answer), and the palette's
 * search over custom resources, watched (the hub's cache) or not (a bounded LIST).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { ObjectHit } from "@/lib/resources/palette";
import type { OrgContext } from "@/lib/server/auth/actor";
import { addCluster, updateCluster } from "@/lib/server/clusters/service";
import { getWatchHub } from "@/lib/server/k8s/watch-hub";
import { createInCluster } from "@/lib/server/operations/resource-yaml";
import { searchObjects } from "@/lib/server/resources/object-search";
import { listResourceRows } from "@/lib/server/resources/resource-reads";
import { newMasterKey, nextRequest, readKubeconfigs, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { auditRowsOf, call, type OperationsOrg, operationsOrg } from "../support/operations-fixtures";
import { selfSignedCertificate } from "../support/tls-fixtures";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

const [cluster] = twoTestClusters();
const GROUP = `ops${randomBytes(3).toString("hex")}.example.com`;
/** A ClusterRole and binding that let the impersonated owner list gizmos. */
const READER = `gizmo-reader-${randomBytes(3).toString("hex")}`;

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let org: OperationsOrg;
let namespace: string;

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  org = await operationsOrg(fresh.db, cluster);
  namespace = await createNamespace(cluster, "ops-create");
}, 60_000);

afterAll(async () => {
  await getWatchHub().close();
  for (const kind of ["clusterrolebinding", "clusterrole"]) {
    await kubectl(cluster, ["delete", kind, READER, "--ignore-not-found"]).catch(() => undefined);
  }
  for (const plural of ["gadgets", "gizmos"]) {
    await kubectl(cluster, ["delete", "crd", `${plural}.${GROUP}`, "--wait=false"]).catch(() => undefined);
  }
  await deleteNamespace(cluster, namespace);
  await fresh?.drop();
});

function ownerContext(): OrgContext {
  return nextRequest({
    actor: { type: "session", userId: org.ownerUserId, email: "owner@example.test" },
    orgId: org.orgId,
    role: "owner",
    requestId: "",
    ip: null,
  });
}

const objectPath = (resource: string, name: string) =>
  `/api/v1/clusters/${org.clusterId}/resources/${resource}/${namespace}/${name}`;

const configMap = (name: string, ns = namespace) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  mode: blue\n`;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("create from YAML", () => {
  it("a dry run of a Deployment answers what would be stored and leaves nothing, not even an audit row", async () => {
    const yaml = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: preview-only",
      "spec:",
      "  selector: { matchLabels: { app: preview } }",
      "  template:",
      "    metadata: { labels: { app: preview } }",
      "    spec: { containers: [{ name: web, image: nginx:1.20.2 }] }",
    ].join("\n");
    const dry = await call(org.tokens.editor, "POST", `${objectPath("deployments.apps", "preview-only")}?dryRun=true`, {
      yaml,
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, object: { metadata: { name: "preview-only", namespace } } });
    await expect(kubectl(cluster, ["get", "deployment", "preview-only", "-n", namespace])).rejects.toThrow();
    expect(await auditRowsOf(fresh.db, dry.requestId)).toEqual([]);
  });

  it("a second create of the same name is a 409 naming metadata.name; attempt and outcome are audited", async () => {
    const first = await call(org.tokens.editor, "POST", objectPath("configmaps", "twice"), {
      yaml: configMap("twice"),
    });
    expect(first.status).toBe(200);
    const second = await call(org.tokens.editor, "POST", objectPath("configmaps", "twice"), {
      yaml: configMap("twice"),
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      error: {
        code: "CONFLICT",
        path: "metadata.name",
        message: `metadata.name: a ConfigMap named twice already exists in namespace ${namespace}`,
      },
    });
    const rows = await auditRowsOf(fresh.db, second.requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "resource.create", name: "twice", outcome: { outcome: "failure" } });
  });

  it("takes the name from the manifest and the namespace from the picker, and creates it there", async () => {
    const created = await createInCluster(
      ownerContext(),
      { clusterId: org.clusterId, resource: "configmaps", namespace },
      { yaml: configMap("picked") },
      false,
    );
    expect(created.object).toMatchObject({ metadata: { name: "picked", namespace } });
    expect(await kubectl(cluster, ["get", "configmap", "picked", "-n", namespace, "-o", "jsonpath={.data.mode}"])).toBe(
      "blue",
    );
  });

  it("refuses a manifest whose namespace is not the one picked, naming metadata.namespace, and sends nothing", async () => {
    const error = await failure(
      createInCluster(
        ownerContext(),
        { clusterId: org.clusterId, resource: "configmaps", namespace },
        { yaml: configMap("elsewhere", "payments") },
        false,
      ),
    );
    expect(error).toMatchObject({ code: "INVALID_INPUT", path: "metadata.namespace" });
    expect(error.message).toBe(`metadata.namespace: the YAML says payments but the namespace picked is ${namespace}`);
    await expect(kubectl(cluster, ["get", "configmap", "elsewhere", "-n", "payments"])).rejects.toThrow();
  });

  it("names the line of invalid YAML, a missing name, and a kind that is not the list's", async () => {
    const where = { clusterId: org.clusterId, resource: "configmaps", namespace };
    const broken = await failure(
      createInCluster(ownerContext(), where, { yaml: "kind: ConfigMap\nmetadata:\n  name: [x\n" }, true),
    );
    expect(broken).toMatchObject({ code: "INVALID_INPUT", path: "yaml" });
    expect(broken.message).toMatch(/line \d+/);
    const unnamed = await failure(
      createInCluster(ownerContext(), where, { yaml: "kind: ConfigMap\ndata: {}\n" }, true),
    );
    expect(unnamed).toMatchObject({ code: "INVALID_INPUT", path: "metadata.name" });
    const wrongKind = await failure(
      createInCluster(ownerContext(), where, { yaml: "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n" }, true),
    );
    expect(wrongKind).toMatchObject({ code: "INVALID_INPUT", path: "kind" });
    expect(wrongKind.message).toBe("kind: expected ConfigMap, found Service");
  });
});

describe("typed Secrets", () => {
  let shop: { cert: string; key: string };
  let other: { cert: string; key: string };
  const secretPath = (name: string) => `/api/v1/clusters/${org.clusterId}/secrets/${namespace}/${name}`;

  beforeAll(() => {
    shop = selfSignedCertificate("/CN=shop.example.test", 30);
    other = selfSignedCertificate("/CN=other.example.test", 30);
  });

  it("refuses a TLS key that does not belong to the certificate, naming data.tls.key, never echoing either", async () => {
    const key = other.key;
    const answer = await call(org.tokens.editor, "PUT", secretPath("tls-mismatch"), {
      type: "kubernetes.io/tls",
      data: { "tls.crt": shop.cert, "tls.key": key },
      create: true,
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: { code: "INVALID_INPUT", path: "data.tls.key" } });
    const keyBody = key.split("\n")[1]!;
    expect(answer.text).not.toContain(keyBody);
    await expect(kubectl(cluster, ["get", "secret", "tls-mismatch", "-n", namespace])).rejects.toThrow();
  });

  it("previews a TLS Secret with the certificate's subject and expiry and stores nothing; then creates it once", async () => {
    const body = {
      type: "kubernetes.io/tls",
      data: { "tls.crt": shop.cert, "tls.key": shop.key },
      create: true,
    };
    const preview = await call(org.tokens.editor, "PUT", `${secretPath("shop-tls")}?dryRun=true`, body);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      dryRun: true,
      created: true,
      keys: { added: ["tls.crt", "tls.key"], changed: [], removed: [] },
      certificate: { subject: "CN=shop.example.test", issuer: "CN=shop.example.test" },
    });
    const notAfter = Date.parse((preview.body.certificate as { notAfter: string }).notAfter);
    expect(notAfter).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(preview.text).not.toContain(shop.key.split("\n")[1]!);
    expect(await auditRowsOf(fresh.db, preview.requestId)).toEqual([]);
    await expect(kubectl(cluster, ["get", "secret", "shop-tls", "-n", namespace])).rejects.toThrow();

    const created = await call(org.tokens.editor, "PUT", secretPath("shop-tls"), body);
    expect(created.status).toBe(200);
    expect(await kubectl(cluster, ["get", "secret", "shop-tls", "-n", namespace, "-o", "jsonpath={.type}"])).toBe(
      "kubernetes.io/tls",
    );
    const again = await call(org.tokens.editor, "PUT", secretPath("shop-tls"), body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "CONFLICT", path: "metadata.name" } });
  });
});

describe("palette search over custom resources", () => {
  async function createCrd(plural: string, kind: string) {
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `${plural}.${GROUP}` },
      spec: {
        group: GROUP,
        names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
        scope: "Namespaced",
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          },
        ],
      },
    };
    await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(crd));
    await kubectl(cluster, ["wait", "--for=condition=Established", `crd/${plural}.${GROUP}`, "--timeout=30s"]);
    // The apiserver serves the new resource a moment after it is Established.
    for (let attempt = 0; attempt < 40; attempt++) {
      const applied = await kubectl(
        cluster,
        ["apply", "-f", "-"],
        JSON.stringify({ apiVersion: `${GROUP}/v1`, kind, metadata: { name: `zephyr-${plural}`, namespace } }),
      ).catch(() => null);
      if (applied !== null) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${plural}.${GROUP} was never served`);
  }

  /** Search until the answer is whole: a first keystroke may pay LISTs past its deadline. */
  async function settledSearch(text: string) {
    let search = await searchObjects(ownerContext(), text);
    for (let attempt = 0; search.incomplete && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      search = await searchObjects(ownerContext(), text);
    }
    expect(search.incomplete).toBe(false);
    return search.hits;
  }

  it("finds custom resources of a watched kind from the cache and of a kind nobody watches by a bounded LIST", async () => {
    await createCrd("gadgets", "Gadget");
    await createCrd("gizmos", "Gizmo");
    const context = ownerContext();
    // Someone opens the Gadgets list: the hub now holds that view; nobody opens Gizmos.
    const page = await listResourceRows(context, org.clusterId, `gadgets.${GROUP}`, {});
    expect(page.items.map((row) => row.name)).toContain("zephyr-gadgets");

    const hits = await settledSearch("zephyr");
    const found = (plural: string, clusterId: string) =>
      hits.find((hit) => hit.clusterId === clusterId && hit.resource === `${plural}.${GROUP}`);
    expect(found("gadgets", org.clusterId)).toMatchObject({ namespace, name: "zephyr-gadgets" });
    expect(found("gizmos", org.clusterId)).toMatchObject({
      clusterName: "ops",
      kind: `gizmos.${GROUP}`,
      namespace,
      name: "zephyr-gizmos",
      status: { label: expect.any(String) },
    });
    // Found by a LIST, not by opening a watch of the kind.
    const watched = getWatchHub()
      .resourcesOn(org.clusterId)
      .map((resource) => resource.plural);
    expect(watched).toContain("gadgets");
    expect(watched).not.toContain("gizmos");
    // The same cluster through its view-only credential: ClusterRole `view` may not list these kinds.
    expect(hits.filter((hit) => hit.clusterId === org.viewerClusterId)).toEqual([]);
  });

  it("never lists core kinds such as Secrets, whatever their name", async () => {
    await kubectl(cluster, ["create", "secret", "generic", "zephyr-secret", "-n", namespace, "--from-literal=k=v"]);
    const hits = await settledSearch("zephyr");
    expect(hits.map((hit) => hit.name)).toContain("zephyr-gizmos");
    expect(hits.some((hit) => hit.resource === "secrets" || hit.name === "zephyr-secret")).toBe(false);
  });

  it("in impersonation mode finds a kind only once the person's own RBAC lets them list it", async () => {
    const { admin } = readKubeconfigs(cluster);
    const added = await addCluster(
      nextRequest(ownerContext()),
      { name: "ops-as-person", kubeconfig: admin },
      {
        allowDuplicate: true,
      },
    );
    await updateCluster(nextRequest(ownerContext()), added.id, { impersonate: true });
    const gizmoOn = (hits: ObjectHit[]) =>
      hits.some((hit) => hit.clusterId === added.id && hit.name === "zephyr-gizmos");
    // pilothouse:owner@example.test has no RBAC on the cluster: the admin credential does not lend its own.
    expect(gizmoOn(await settledSearch("zephyr"))).toBe(false);

    await kubectl(cluster, ["create", "clusterrole", READER, "--verb=list", `--resource=gizmos.${GROUP}`]);
    await kubectl(cluster, [
      "create",
      "clusterrolebinding",
      READER,
      `--clusterrole=${READER}`,
      "--user=pilothouse:owner@example.test",
    ]);
    // A refusal is remembered a few seconds; then the person's own list finds it.
    let hits = await settledSearch("zephyr");
    for (let attempt = 0; !gizmoOn(hits) && attempt < 30; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      hits = await settledSearch("zephyr");
    }
    expect(gizmoOn(hits)).toBe(true);
    // Only that kind: gadgets stay refused to the person.
    expect(hits.some((hit) => hit.clusterId === added.id && hit.name === "zephyr-gadgets")).toBe(false);
  }, 120_000);

  it("is scoped to the org: another org's member finds nothing", async () => {
    const outsider = { ...ownerContext(), orgId: "00000000-0000-4000-8000-000000000000" };
    expect((await searchObjects(outsider, "zephyr")).hits).toEqual([]);
  });
});
