/**
 * The cluster registry against REAL kube-apiservers (Kubernetes 1.20.2 from globalSetup): add with
 * a pasted kubeconfig or the token form, test a source, list, rename, rotate, delete, health. The
 * credential is stored encrypted, never returned, and every change is audited.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/server/auth/actor";
import { getClusterConnection } from "@/lib/server/clusters/clients";
import { openCredential } from "@/lib/server/clusters/credentials";
import { checkCluster } from "@/lib/server/clusters/health";
import { probeCluster } from "@/lib/server/clusters/probe";
import {
  addCluster,
  deleteCluster,
  getClusterOrThrow,
  listClusters,
  serializeCluster,
  updateCluster,
} from "@/lib/server/clusters/service";
import { testClusterSource } from "@/lib/server/clusters/connection-test";
import { ingestKubeconfig } from "@/lib/server/k8s/kubeconfig";
import { readTestClusters } from "../support/clusters";
import {
  caPemOf,
  createOrgContext,
  leaked,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  secretForms,
  setClusterEnv,
  tokenOf,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";

const clusters = readTestClusters();
const VIEW_KEYS = [
  "authType",
  "connector",
  "createdAt",
  "credentialVersion",
  "health",
  "id",
  "impersonate",
  "name",
  "namespace",
  "server",
  "updatedAt",
];

describe("cluster registry against real clusters", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let context: OrgContext;
  const [first, second] = clusters;
  const kubeconfigs = first ? readKubeconfigs(first) : undefined;
  const secondKubeconfigs = second ? readKubeconfigs(second) : undefined;
  /** Every secret of every kubeconfig used here: none may show up in storage or output. */
  const allSecrets = [kubeconfigs, secondKubeconfigs].flatMap((set) =>
    set ? Object.values(set).flatMap((text) => secretForms(ingestKubeconfig(text).credential)) : [],
  );

  beforeAll(async () => {
    if (!first || !second || !kubeconfigs || !secondKubeconfigs) {
      throw new Error("no real test clusters: run through the integration project (globalSetup starts them)");
    }
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    context = await createOrgContext(fresh.db, { orgName: "Acme", role: "editor" });
  });
  afterAll(async () => fresh?.drop());

  async function auditFor(requestId: string) {
    return fresh.db.auditEvent.findMany({ where: { requestId }, include: { outcome: true } });
  }

  async function expectAudited(requestId: string, action: string, clusterId: string) {
    const rows = await auditFor(requestId);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      action,
      kind: "Cluster",
      clusterId,
      orgId: context.orgId,
      actorUserId: context.actor.userId,
      actorType: "session",
    });
    expect(row!.outcome?.outcome).toBe("success");
    expect(
      leaked(
        JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
        allSecrets,
      ),
    ).toEqual([]);
    return row!;
  }

  describe("testClusterSource", () => {
    it("answers version, latency and what an admin client certificate may do", async () => {
      const result = await testClusterSource(nextRequest(context), { kubeconfig: kubeconfigs!.admin });
      expect(result.reachable).toBe(true);
      expect(result.version).toBe("v1.20.2");
      expect(result.latencyMs).toEqual(expect.any(Number));
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      const access = Object.fromEntries(result.access.map((check) => [check.label, check.allowed]));
      expect(access).toMatchObject({ "list pods": true, "read secrets": true, "scale deployments": true });
    });

    it("tells a viewer token apart: pods yes, secrets no", async () => {
      const result = await testClusterSource(nextRequest(context), { kubeconfig: kubeconfigs!.viewer });
      expect(result.version).toBe("v1.20.2");
      const access = Object.fromEntries(result.access.map((check) => [check.label, check.allowed]));
      expect(access).toMatchObject({ "list pods": true, "read secrets": false, "scale deployments": false });
      expect(result.rules.length).toBeGreaterThan(0);
    });

    it("works with the token form (server, CA as PEM, token)", async () => {
      const result = await testClusterSource(nextRequest(context), {
        server: first!.server,
        certificateAuthority: caPemOf(kubeconfigs!.token),
        token: tokenOf(kubeconfigs!.token),
      });
      expect(result.version).toBe("v1.20.2");
      expect(result.access.find((check) => check.label === "read secrets")?.allowed).toBe(true);
    });

    it("stores nothing", async () => {
      expect(await fresh.db.cluster.count()).toBe(0);
    });
  });

  describe("adding clusters", () => {
    const added: Record<string, string> = {};

    it.each(["admin", "token", "viewer"] as const)(
      "adds %s kubeconfig, audited, credential encrypted",
      async (kind) => {
        const request = nextRequest(context);
        const view = await addCluster(request, { name: `prod-${kind}`, kubeconfig: kubeconfigs![kind] });
        added[kind] = view.id;
        expect(Object.keys(view).sort()).toEqual(VIEW_KEYS);
        expect(view).toMatchObject({
          name: `prod-${kind}`,
          server: first!.server,
          authType: kind === "admin" ? "client_certificate" : "token",
          credentialVersion: 1,
          impersonate: false,
        });
        await expectAudited(request.requestId, "cluster.create", view.id);

        const row = await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } });
        expect(row.orgId).toBe(context.orgId);
        expect(row.createdById).toBe(context.actor.userId);
        expect(leaked(JSON.stringify(row), allSecrets)).toEqual([]);
        const raw = await fresh.db.$queryRawUnsafe<unknown[]>(`SELECT * FROM clusters WHERE id = $1::uuid`, view.id);
        expect(raw).toHaveLength(1);
        expect(leaked(JSON.stringify(raw), allSecrets)).toEqual([]);
        // …and it still decrypts to exactly what was pasted.
        expect(openCredential(row)).toEqual(ingestKubeconfig(kubeconfigs![kind]).credential);
      },
    );

    it("adds with the token form", async () => {
      const request = nextRequest(context);
      const view = await addCluster(request, {
        name: "second-token-form",
        server: second!.server,
        certificateAuthority: caPemOf(secondKubeconfigs!.token),
        token: tokenOf(secondKubeconfigs!.token),
      });
      added.form = view.id;
      expect(view).toMatchObject({ server: second!.server, authType: "token", namespace: null });
      await expectAudited(request.requestId, "cluster.create", view.id);
      const row = await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } });
      expect(leaked(JSON.stringify(row), allSecrets)).toEqual([]);
      const health = await checkCluster(row);
      expect(health.status).toBe("healthy");
    });

    it("lists them with exactly the allowlisted keys and no credential", async () => {
      const views = await listClusters(context.orgId);
      expect(views.map((view) => view.name)).toEqual(["prod-admin", "prod-token", "prod-viewer", "second-token-form"]);
      for (const view of views) expect(Object.keys(view).sort()).toEqual(VIEW_KEYS);
      const text = JSON.stringify(views);
      expect(text).not.toMatch(/"(credential|caData|token|clientKeyData|ciphertext|wrappedKey)":/);
      expect(leaked(text, allSecrets)).toEqual([]);

      const row = await getClusterOrThrow(context.orgId, added.admin!);
      const view = serializeCluster(row);
      expect(Object.keys(view).sort()).toEqual(VIEW_KEYS);
      expect(Object.keys(view.health).sort()).toEqual(
        [
          "checkedAt",
          "circuit",
          "lastError",
          "latencyMs",
          "nextCheckAt",
          "nodeCount",
          "podCount",
          "status",
          "version",
        ].sort(),
      );
    });

    it("serializes through the allowlist even when the row grows a new column", () => {
      const row = {
        id: randomUUID(),
        orgId: context.orgId,
        name: "x",
        server: "https://cluster.example.com",
        caData: null,
        tlsServerName: null,
        namespace: null,
        authType: "token" as const,
        connector: null,
        credential: { token: "sealed" },
        credentialVersion: 1,
        credentialFormat: 2,
        impersonate: false,
        identityFingerprint: null,
        createdById: null,
        createdAt: new Date(),
        updatedAt: new Date(),
        // a future column that must not leak
        plaintextToken: "canary-future-column",
      };
      expect(JSON.stringify(serializeCluster(row))).not.toContain("canary-future-column");
    });

    it("refuses a duplicate name with CONFLICT at path name, storing nothing", async () => {
      const before = await fresh.db.cluster.count();
      const error = await addCluster(nextRequest(context), {
        name: "prod-admin",
        kubeconfig: kubeconfigs!.viewer,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect({ code: (error as AppError).code, path: (error as AppError).path }).toEqual({
        code: "CONFLICT",
        path: "name",
      });
      expect(await fresh.db.cluster.count()).toBe(before);

      const rename = await updateCluster(nextRequest(context), added.viewer!, { name: "prod-admin" }).catch(
        (caught: unknown) => caught,
      );
      expect({ code: (rename as AppError).code, path: (rename as AppError).path }).toEqual({
        code: "CONFLICT",
        path: "name",
      });
    });

    it("checkCluster on a real cluster: healthy, with version and node/pod counts", async () => {
      const row = await getClusterOrThrow(context.orgId, added.admin!);
      const health = await checkCluster(row);
      expect(health).toMatchObject({ status: "healthy", version: "v1.20.2", lastError: null, circuit: "closed" });
      expect(health.latencyMs).toEqual(expect.any(Number));
      expect(health.nodeCount).toBeGreaterThanOrEqual(1);
      expect(health.podCount).toBeGreaterThanOrEqual(1);
      expect(serializeCluster(row).health).toEqual(health);
    });

    it("renames, audited", async () => {
      const request = nextRequest(context);
      const view = await updateCluster(request, added.token!, { name: "prod-renamed" });
      expect(view.name).toBe("prod-renamed");
      expect(view.credentialVersion).toBe(1);
      const row = await expectAudited(request.requestId, "cluster.update", added.token!);
      expect(row.summary).toBe("name prod-token→prod-renamed");
    });

    it("rotates the credential: new version, old connection forgotten, new credential works", async () => {
      const before = await getClusterOrThrow(context.orgId, added.viewer!);
      const oldConnection = await getClusterConnection(before);
      expect((await probeCluster(oldConnection)).access.find((c) => c.label === "read secrets")?.allowed).toBe(false);
      const destroyed = vi.spyOn(oldConnection.agent, "destroy");

      const request = nextRequest(context);
      const view = await updateCluster(request, added.viewer!, { credential: { kubeconfig: kubeconfigs!.admin } });
      expect(view.credentialVersion).toBe(2);
      expect(view.authType).toBe("client_certificate");
      const row = await expectAudited(request.requestId, "cluster.update", added.viewer!);
      expect(row.summary).toBe("credential v1→v2");

      await vi.waitFor(() => expect(destroyed).toHaveBeenCalled());
      const after = await getClusterOrThrow(context.orgId, added.viewer!);
      expect(leaked(JSON.stringify(after), allSecrets)).toEqual([]);
      const newConnection = await getClusterConnection(after);
      expect(newConnection).not.toBe(oldConnection);
      expect(newConnection.token).toBeUndefined();
      const probe = await probeCluster(newConnection);
      expect(probe.version).toBe("v1.20.2");
      expect(probe.access.find((c) => c.label === "read secrets")?.allowed).toBe(true);
    });

    it("deletes, audited, and the row is gone", async () => {
      const request = nextRequest(context);
      await deleteCluster(request, added.form!);
      await expectAudited(request.requestId, "cluster.delete", added.form!);
      expect(await fresh.db.cluster.findUnique({ where: { id: added.form! } })).toBeNull();
      await expect(getClusterOrThrow(context.orgId, added.form!)).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("audits every change with success and no secret", async () => {
      const rows = await fresh.db.auditEvent.findMany({
        where: { orgId: context.orgId, action: { startsWith: "cluster." } },
        include: { outcome: true },
      });
      expect(new Set(rows.map((row) => row.action))).toEqual(
        new Set(["cluster.test", "cluster.create", "cluster.update", "cluster.delete"]),
      );
      for (const row of rows) {
        expect(leaked(`${row.summary ?? ""} ${row.outcome?.detail ?? ""}`, allSecrets)).toEqual([]);
      }
      // Everything succeeded but the two refused duplicate names, which left attempts with their reason.
      const refused = rows.filter((row) => row.outcome?.outcome !== "success");
      expect(refused.map((row) => [row.action, row.outcome?.outcome, row.outcome?.detail])).toEqual([
        ["cluster.create", "failure", 'CONFLICT: A cluster named "prod-admin" already exists.'],
        ["cluster.update", "failure", 'CONFLICT: A cluster named "prod-admin" already exists.'],
      ]);
    });

    it("a foreign org's cluster is the same NOT_FOUND as a random id", async () => {
      const foreign = await createOrgContext(fresh.db, { orgName: "Globex", role: "owner" });
      const theirs = await addCluster(foreign, { name: "globex-prod", kubeconfig: kubeconfigs!.viewer });
      const shapeOf = async (call: Promise<unknown>) => {
        const error = await call.then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(AppError);
        const { code, message, path, status } = error as AppError;
        return { code, message, path, status };
      };
      const random = randomUUID();
      const expected = { code: "NOT_FOUND", message: "Cluster not found.", path: undefined, status: 404 };
      for (const id of [theirs.id, random, "not-a-uuid"]) {
        expect(await shapeOf(getClusterOrThrow(context.orgId, id))).toEqual(expected);
        expect(await shapeOf(updateCluster(nextRequest(context), id, { name: "mine-now" }))).toEqual(expected);
        expect(await shapeOf(deleteCluster(nextRequest(context), id))).toEqual(expected);
      }
      // Theirs is untouched, and they still see it.
      expect((await listClusters(foreign.orgId)).map((view) => view.name)).toEqual(["globex-prod"]);
      expect((await listClusters(context.orgId)).map((view) => view.id)).not.toContain(theirs.id);
    });
  });
});
