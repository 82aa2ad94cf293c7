import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { getClusterConnection } from "@/lib/server/clusters/clients";
import { callCluster } from "@/lib/server/k8s/request";
import { actingAs } from "@/lib/server/clusters/impersonation";
import { addCluster, getClusterOrThrow, updateCluster } from "@/lib/server/clusters/service";
import { readTestClusters } from "../support/clusters";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";

type AccessReview = { status?: { allowed?: boolean } };

/** Impersonation mode: the cluster's RBAC sees `pilothouse:<email>`, not the shared credential. */
describe("cluster impersonation mode", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let context: Awaited<ReturnType<typeof createOrgContext>>;
  const [cluster] = readTestClusters();

  beforeAll(async () => {
    if (!cluster) throw new Error("no test clusters: run through the integration project's globalSetup");
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    context = await createOrgContext(fresh.db, { role: "editor", email: "imp@example.test" });
  });
  afterAll(async () => fresh.drop());

  async function mayListSecretsAs(clusterId: string, impersonate: boolean) {
    const stored = await getClusterOrThrow(context.orgId, clusterId);
    const review = await callCluster<AccessReview>(await getClusterConnection(stored), {
      path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      method: "POST",
      body: {
        kind: "SelfSubjectAccessReview",
        apiVersion: "authorization.k8s.io/v1",
        spec: { resourceAttributes: { verb: "list", resource: "secrets" } },
      },
      impersonate: impersonate ? actingAs(stored, context.actor, context.role) : undefined,
    });
    return review.status?.allowed === true;
  }

  it("turns on for an identity that may impersonate, and the cluster then judges the real person", async () => {
    const { admin } = readKubeconfigs(cluster!);
    const added = await addCluster(nextRequest(context), { name: "imp-admin", kubeconfig: admin });
    const updated = await updateCluster(nextRequest(context), added.id, { impersonate: true });
    expect(updated.impersonate).toBe(true);
    expect(actingAs({ impersonate: true }, context.actor, "editor")).toEqual({
      user: "pilothouse:imp@example.test",
      groups: ["pilothouse:editor"],
    });
    // The shared admin credential may list secrets; pilothouse:imp@example.test has no RBAC at all.
    expect(await mayListSecretsAs(added.id, false)).toBe(true);
    expect(await mayListSecretsAs(added.id, true)).toBe(false);
  });

  it("is refused, naming the field, when the stored identity may not impersonate; the refusal is audited as denied", async () => {
    const { viewer } = readKubeconfigs(cluster!);
    const added = await addCluster(nextRequest(context), { name: "imp-viewer", kubeconfig: viewer });
    const request = nextRequest(context);
    const error = await updateCluster(request, added.id, { impersonate: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "INVALID_INPUT", path: "impersonate" });
    expect((await getClusterOrThrow(context.orgId, added.id)).impersonate).toBe(false);
    const rows = await fresh.db.auditEvent.findMany({
      where: { requestId: request.requestId },
      include: { outcome: true },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "cluster.update",
      clusterId: added.id,
      summary: "impersonate false→true",
      outcome: { outcome: "denied" },
    });
    expect(rows[0]!.outcome!.detail).toMatch(/^INVALID_INPUT: impersonate: the stored credential may not impersonate/);
  });
});
