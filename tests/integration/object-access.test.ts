/**
 * The detail page's server half against a REAL apiserver: which namespaces a namespace-scoped
 * credential can use (never a dead end), and the verdict on one object — allowed, refused with
 * what is missing, or a 404 for another org's cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCluster } from "@/lib/server/clusters/service";
import { discoverNamespaces } from "@/lib/server/resources/namespace-discovery";
import { describeObjectView } from "@/lib/server/resources/object-view";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { namespaceScopedKubeconfig } from "../support/namespace-credential";
import { createNamespace, deleteNamespace, twoTestClusters } from "../support/watch-fixtures";
import type { OrgContext } from "@/lib/server/auth/actor";

const [cluster] = twoTestClusters();

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let owner: OrgContext;
let namespace: string;
const ids: Record<"admin" | "viewer" | "scoped", string> = { admin: "", viewer: "", scoped: "" };

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  owner = await createOrgContext(fresh.db, { role: "owner" });
  namespace = await createNamespace(cluster, "access-it");
  const kubeconfigs = readKubeconfigs(cluster);
  ids.admin = (await addCluster(nextRequest(owner), { name: "admin", kubeconfig: kubeconfigs.admin })).id;
  ids.viewer = (await addCluster(nextRequest(owner), { name: "viewer", kubeconfig: kubeconfigs.viewer })).id;
  const scoped = namespaceScopedKubeconfig(cluster, namespace);
  ids.scoped = (await addCluster(nextRequest(owner), { name: "scoped", kubeconfig: scoped.kubeconfig })).id;
}, 60_000);

afterAll(async () => {
  await deleteNamespace(cluster, namespace);
  await fresh?.drop();
});

describe("namespace discovery", () => {
  it("finds exactly the namespace a namespace-scoped credential may list pods in", async () => {
    expect(await discoverNamespaces(nextRequest(owner), ids.scoped)).toEqual({
      clusterWide: false,
      namespaces: [namespace],
    });
  });

  it("needs no narrowing for credentials that may list pods everywhere", async () => {
    expect(await discoverNamespaces(nextRequest(owner), ids.admin)).toEqual({ clusterWide: true });
    expect(await discoverNamespaces(nextRequest(owner), ids.viewer)).toEqual({ clusterWide: true });
  });
});

describe("one object's verdict", () => {
  it("allows what the identity may get, list and watch", async () => {
    const view = await describeObjectView(nextRequest(owner), ids.viewer, "configmaps", "shop");
    expect(view).toEqual({
      access: "allowed",
      resource: { name: "configmaps", kind: "ConfigMap", namespaced: true, group: "" },
    });
  });

  it("names the verbs, resource and namespace the cluster's RBAC refuses, and whom", async () => {
    const view = await describeObjectView(nextRequest(owner), ids.viewer, "secrets", "shop");
    expect(view.access === "denied" && view.denial).toEqual({
      by: "rbac",
      identity: "this cluster's stored credential",
      verbs: ["get", "list", "watch"],
      resource: "secrets",
      namespace: "shop",
    });
    const elsewhere = await describeObjectView(nextRequest(owner), ids.scoped, "pods", "payments");
    expect(elsewhere.access === "denied" && elsewhere.denial).toMatchObject({
      by: "rbac",
      verbs: ["get", "list", "watch"],
    });
    const cluster = await describeObjectView(nextRequest(owner), ids.scoped, "nodes", undefined);
    expect(cluster.access === "denied" && cluster.denial).toMatchObject({ by: "rbac", resource: "nodes" });
    expect(cluster.access === "denied" && cluster.denial).not.toHaveProperty("namespace");
  });

  it("is a 404 for another org's cluster, a resource the cluster does not serve, or a wrong scope", async () => {
    const stranger = await createOrgContext(fresh.db, { role: "owner" });
    await expect(describeObjectView(stranger, ids.admin, "pods", "shop")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      describeObjectView(nextRequest(owner), ids.admin, "widgets.example.com", "shop"),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(describeObjectView(nextRequest(owner), ids.admin, "nodes", "shop")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(describeObjectView(nextRequest(owner), ids.admin, "pods", undefined)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
