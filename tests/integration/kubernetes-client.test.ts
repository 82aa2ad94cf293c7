/**
 * @kubernetes/client-node against REAL kube-apiservers (Kubernetes 1.20.2, started by the
 * integration globalSetup through tests/support/clusters.ts; see docs/testing-clusters.md).
 * Nothing here is mocked: every assertion is answered by a real apiserver, etcd and RBAC.
 */
import { randomBytes } from "node:crypto";
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, VersionApi } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { readTestClusters, TEST_CLUSTERS_ENV, testClusterIds, type TestCluster } from "../support/clusters";

const clusters = readTestClusters();

function kubeConfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

/** The error a rejected call threw, or a failure if the call succeeded. */
async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (err) {
    return err;
  }
  throw new Error("expected the apiserver to reject the request, but it succeeded");
}

function statusCode(err: unknown): number | undefined {
  return err instanceof ApiException ? (err as ApiException<unknown>).code : undefined;
}

describe("real test clusters", () => {
  it("were started for this run (globalSetup → startTestClusters)", () => {
    if (clusters.length === 0) {
      throw new Error(
        `No real test clusters: ${TEST_CLUSTERS_ENV} is unset and no live state file exists. ` +
          "Run the integration project (npm run test:integration), whose globalSetup calls " +
          "startTestClusters() from tests/support/clusters.ts (root required). These tests never skip.",
      );
    }
    expect(clusters.map((c) => c.name)).toEqual(testClusterIds().map((id) => `realk8s-${id}`));
    expect(new Set(clusters.map((c) => c.server)).size).toBe(clusters.length);
  });
});

describe.each(clusters.map((c): [string, TestCluster] => [c.name, c]))("cluster %s", (_name, cluster) => {
  const admin = kubeConfig(cluster.kubeconfigPaths.admin);
  const viewer = kubeConfig(cluster.kubeconfigPaths.viewer);

  it("kubeconfigs point at the cluster's own apiserver", () => {
    for (const kc of [admin, viewer, kubeConfig(cluster.kubeconfigPaths.token)]) {
      expect(kc.getCurrentCluster()?.name).toBe(cluster.name);
      expect(kc.getCurrentCluster()?.server).toBe(cluster.server);
    }
  });

  it("serves Kubernetes v1.20.2", async () => {
    const version = await admin.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe("v1.20.2");
    expect(version.major).toBe("1");
    expect(version.minor).toBe("20");
  });

  it("has the seeded deployment shop/web with 3 ready replicas", async () => {
    const apps = admin.makeApiClient(AppsV1Api);
    const list = await apps.listNamespacedDeployment({ namespace: "shop" });
    expect(list.items.map((d) => d.metadata?.name)).toEqual(expect.arrayContaining(["web", "cart", "recommendations"]));
    const web = list.items.find((d) => d.metadata?.name === "web");
    expect(web?.spec?.replicas).toBe(3);
    expect(web?.spec?.template.spec?.containers[0]?.image).toMatch(/^nginx:/);
    // Ready replicas are reported by the controller-manager from the fake kubelet's pod status.
    let ready = web?.status?.readyReplicas ?? 0;
    for (let i = 0; ready !== 3 && i < 60; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const d = await apps.readNamespacedDeployment({ name: "web", namespace: "shop" });
      ready = d.status?.readyReplicas ?? 0;
    }
    expect(ready).toBe(3);
    const pods = await admin
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace: "shop", labelSelector: "app=web" });
    expect(pods.items.filter((p) => p.status?.phase === "Running").length).toBeGreaterThanOrEqual(3);
  }, 90_000);

  it("RBAC: the viewer is forbidden (403) to list secrets in payments, the admin is not", async () => {
    const viewerCore = viewer.makeApiClient(CoreV1Api);
    // The viewer's token is valid (not a 401): it may list pods...
    const pods = await viewerCore.listNamespacedPod({ namespace: "payments" });
    expect(Array.isArray(pods.items)).toBe(true);
    // ...but the built-in `view` role has no access to secrets.
    const err = await rejection(viewerCore.listNamespacedSecret({ namespace: "payments" }));
    expect(err).toBeInstanceOf(ApiException);
    expect(statusCode(err)).toBe(403);
    expect(String((err as ApiException<unknown>).body)).toContain("realk8s-viewer");

    const secrets = await admin.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: "payments" });
    expect(secrets.items.map((s) => s.metadata?.name)).toContain("db-credentials");
  });

  it("round-trips a ConfigMap: create → read → delete → 404", async () => {
    const core = admin.makeApiClient(CoreV1Api);
    const namespace = "default";
    const name = `pilothouse-it-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
    let created = false;
    try {
      const made = await core.createNamespacedConfigMap({
        namespace,
        body: {
          metadata: { name, labels: { "app.kubernetes.io/part-of": "pilothouse-tests" } },
          data: { greeting: "hello from pilothouse", cluster: cluster.name },
        },
      });
      created = true;
      expect(made.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(made.metadata?.resourceVersion).toBeTruthy();

      const read = await core.readNamespacedConfigMap({ name, namespace });
      expect(read.metadata?.uid).toBe(made.metadata?.uid);
      expect(read.data).toEqual({ greeting: "hello from pilothouse", cluster: cluster.name });

      await core.deleteNamespacedConfigMap({ name, namespace });
      created = false;
      const gone = await rejection(core.readNamespacedConfigMap({ name, namespace }));
      expect(statusCode(gone)).toBe(404);
    } finally {
      if (created) {
        await core.deleteNamespacedConfigMap({ name, namespace }).catch(() => undefined);
      }
    }
  });
});
