/**
 * Discovery against a real Kubernetes 1.20 apiserver: which versions it serves, CRDs created
 * here with printer columns, an aggregated API that is down, and a credential that may not read
 * CRDs. Everything created here is deleted at the end.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { projectRow } from "@/lib/resources/project";
import { type ClusterConnection, openConnection } from "@/lib/server/k8s/connection";
import { listServedResources, resolveResource } from "@/lib/server/k8s/discovery";
import { ingestKubeconfig } from "@/lib/server/k8s/kubeconfig";
import { parseAllowedNetworks } from "@/lib/server/k8s/outbound-policy";
import { callCluster } from "@/lib/server/k8s/request";
import { setClusterEnv } from "../support/cluster-fixtures";
import { readTestClusters } from "../support/clusters";

const [cluster] = readTestClusters();
const suffix = randomBytes(4).toString("hex");
const group = `it-${suffix}.pilothouse.dev`;

async function connect(kubeconfigPath: string): Promise<ClusterConnection> {
  const normalized = ingestKubeconfig(readFileSync(kubeconfigPath, "utf8"));
  return openConnection(normalized, normalized.credential, { allowed: parseAllowedNetworks("127.0.0.1/32") });
}

/** A fresh cache key per use, so one test's cached discovery never answers another's. */
function key(label: string) {
  return `${cluster?.id}:${label}:${randomBytes(4).toString("hex")}`;
}

function crd(plural: string, kind: string) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          additionalPrinterColumns: [
            { name: "Size", type: "integer", jsonPath: ".spec.size" },
            { name: "Phase", type: "string", jsonPath: ".status.phase" },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
        },
      ],
    },
  };
}

async function waitFor(check: () => Promise<boolean>, what: string) {
  for (let attempt = 0; attempt < 80; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function createCrd(connection: ClusterConnection, plural: string, kind: string) {
  await callCluster(connection, {
    path: "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
    method: "POST",
    body: crd(plural, kind),
  });
  await waitFor(async () => {
    const found = await callCluster<{ status?: { conditions?: { type: string; status: string }[] } }>(connection, {
      path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${plural}.${group}`,
    });
    return !!found.status?.conditions?.some(
      (condition) => condition.type === "Established" && condition.status === "True",
    );
  }, `CRD ${plural}.${group} to be established`);
}

async function deleteQuietly(connection: ClusterConnection, path: string) {
  await callCluster(connection, { path, method: "DELETE" }).catch((error: unknown) => {
    if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("discovery against a real 1.20 cluster", () => {
  let admin: ClusterConnection;
  let viewer: ClusterConnection;

  beforeAll(async () => {
    if (!cluster) throw new Error("no test clusters: run through the integration project's globalSetup");
    setClusterEnv({ allowed: "127.0.0.1/32" });
    admin = await connect(cluster.kubeconfigPaths.admin);
    viewer = await connect(cluster.kubeconfigPaths.viewer);
  });

  afterAll(async () => {
    for (const plural of ["widgets", "gadgets"]) {
      await deleteQuietly(admin, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${plural}.${group}`);
    }
    await deleteQuietly(admin, `/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.${group}`);
  });

  it("resolves HPA to autoscaling/v2beta2 and CronJob to batch/v1beta1, the newest each kind understands", async () => {
    const cacheKey = key("versions");
    const hpa = await resolveResource(cacheKey, admin, "horizontalpodautoscalers.autoscaling");
    expect(hpa).toMatchObject({
      group: "autoscaling",
      version: "v2beta2",
      kind: "HorizontalPodAutoscaler",
      namespaced: true,
    });
    expect(hpa.definition.kind).toBe("HorizontalPodAutoscaler");
    expect((await resolveResource(cacheKey, admin, "cronjobs.batch")).version).toBe("v1beta1");
    expect((await resolveResource(cacheKey, admin, "endpointslices.discovery.k8s.io")).version).toBe("v1beta1");
    expect((await resolveResource(cacheKey, admin, "poddisruptionbudgets.policy")).version).toBe("v1beta1");
    expect(await resolveResource(cacheKey, admin, "pods")).toMatchObject({ group: "", version: "v1", name: "pods" });
  });

  it("says plainly when the cluster does not serve a resource, and refuses names that are not names", async () => {
    const cacheKey = key("missing");
    const missing = await rejection(resolveResource(cacheKey, admin, "unicorns.example.com"));
    expect(missing).toMatchObject({ code: "NOT_FOUND", message: "This cluster does not serve unicorns.example.com." });
    const bad = await rejection(resolveResource(cacheKey, admin, "../../secrets"));
    expect(bad).toMatchObject({ code: "INVALID_INPUT", path: "resource" });
  });

  it("lists built-ins and finds a CRD created after the first discovery, with its printer columns", async () => {
    const cacheKey = key("crd");
    const before = await listServedResources(cacheKey, admin);
    expect(before.map((resource) => resource.name)).toEqual(expect.arrayContaining(["pods", "deployments.apps"]));
    expect(before.some((resource) => resource.group === group)).toBe(false);

    await createCrd(admin, "widgets", "Widget");
    // The name is unknown to the cached catalog: one refresh finds it.
    const widgets = await resolveResource(cacheKey, admin, `widgets.${group}`);
    expect(widgets).toMatchObject({ kind: "Widget", group, version: "v1", plural: "widgets", namespaced: true });
    expect(widgets.definition.columns.map((column) => column.title)).toEqual([
      "Name",
      "Namespace",
      "Size",
      "Phase",
      "Status",
      "Age",
    ]);
    expect((await listServedResources(cacheKey, admin)).map((resource) => resource.name)).toContain(`widgets.${group}`);

    const row = projectRow(widgets.definition, {
      metadata: { name: "w1", namespace: "default", uid: "u", resourceVersion: "1" },
      spec: { size: 3 },
      status: { phase: "Ready" },
    });
    expect(row.cells).toMatchObject({ c0: 3, c1: "Ready" });
  });

  it("refreshes on a miss at most once per interval, so unknown names cannot make it rediscover in a loop", async () => {
    const cacheKey = key("rate");
    await resolveResource(cacheKey, admin, "pods");
    await rejection(resolveResource(cacheKey, admin, "nothing.example.com")); // the one refresh
    await createCrd(admin, "gadgets", "Gadget");
    const limited = await rejection(resolveResource(cacheKey, admin, `gadgets.${group}`));
    expect(limited.code).toBe("NOT_FOUND");
    // Another cluster credential (another cache entry) sees it at once.
    expect((await resolveResource(key("rate-other"), admin, `gadgets.${group}`)).kind).toBe("Gadget");
  });

  it("gives a credential that may not read CRDs (the built-in view role) name and age columns instead of failing", async () => {
    await createCrd(admin, "widgets", "Widget").catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    });
    const forbidden = await rejection(
      callCluster(viewer, { path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}` }),
    );
    expect(forbidden.code).toBe("FORBIDDEN");
    const widgets = await resolveResource(key("viewer"), viewer, `widgets.${group}`);
    expect(widgets.definition.columns.map((column) => column.id)).toEqual(["name", "namespace", "status", "age"]);
  });

  it("survives an aggregated API that is down, and says so when asked for its resources", async () => {
    await callCluster(admin, {
      path: "/apis/apiregistration.k8s.io/v1/apiservices",
      method: "POST",
      body: {
        apiVersion: "apiregistration.k8s.io/v1",
        kind: "APIService",
        metadata: { name: `v1beta1.${group}` },
        spec: {
          group,
          version: "v1beta1",
          service: { namespace: "kube-system", name: `missing-${suffix}` },
          groupPriorityMinimum: 100,
          versionPriority: 100,
          insecureSkipTLSVerify: true,
        },
      },
    });
    const cacheKey = key("aggregated");
    const served = await listServedResources(cacheKey, admin);
    expect(served.map((resource) => resource.name)).toEqual(
      expect.arrayContaining(["pods", "horizontalpodautoscalers.autoscaling"]),
    );
    const missing = await rejection(resolveResource(cacheKey, admin, `things.${group}`));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain(`its API ${group}/v1beta1 did not answer discovery`);
  });
});
