import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { AddClusterInput, ClusterSource, UpdateClusterInput } from "@/lib/validations/clusters";
import type { OrgContext } from "../auth/actor";
import { audited } from "../audit/record";
import { getDb } from "../db/client";
import { isUuid } from "../db/ids";
import type { Cluster } from "../db/generated/client";
import { forgetClusterConnections, getClusterConnection } from "./clients";
import { openConnection } from "../k8s/connection";
import { authTypeOf, sealCredential } from "./credentials";
import type { ClusterView } from "@/lib/wire/clusters";
import { getClusterHealth, noteClustersChanged } from "./health";
import { candidateFingerprints, identityFingerprint } from "./identity";
import { assertMayImpersonate } from "./impersonation";
import { probeCluster } from "./probe";
import { type ClusterMaterial, materialFromSource, type ParsedKubeconfigSource } from "./source";

export type { ClusterView } from "@/lib/wire/clusters";

export function serializeCluster(cluster: Cluster): ClusterView {
  return {
    id: cluster.id,
    name: cluster.name,
    server: cluster.server,
    namespace: cluster.namespace,
    authType: cluster.authType,
    credentialVersion: cluster.credentialVersion,
    impersonate: cluster.impersonate,
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
    health: getClusterHealth(cluster.id),
  };
}

/** Validate a source and try it: reachable, version, latency, what the credential may do. Stores nothing. */
export async function testClusterSource(source: ClusterSource) {
  const material = materialFromSource(source);
  const connection = await openConnection(material, material.credential, { invalidInputPath: material.serverPath });
  try {
    return await probeCluster(connection, material.namespace);
  } finally {
    connection.agent.destroy();
  }
}

/**
 * Register a cluster. A kubeconfig may arrive already parsed (several contexts of one upload share
 * one parse). A second registration of the same server with the same credential is refused with
 * a CONFLICT on `credential` unless `allowDuplicate` says the person confirmed it.
 */
export async function addCluster(
  context: OrgContext,
  input: AddClusterInput | ({ name: string } & ParsedKubeconfigSource),
  { allowDuplicate = false }: { allowDuplicate?: boolean } = {},
): Promise<ClusterView> {
  const material = materialFromSource(input);
  await assertAddressAllowed(material);
  await assertNameFree(context.orgId, input.name);
  if (!allowDuplicate) await assertIdentityNew(context.orgId, material);
  const id = randomUUID();
  const cluster = await audited(
    context,
    {
      action: "cluster.create",
      kind: "Cluster",
      name: input.name,
      clusterId: id,
      summary: `server ${material.server}`,
    },
    () =>
      getDb().cluster.create({
        data: {
          id,
          orgId: context.orgId,
          name: input.name,
          ...endpointColumns(context.orgId, material),
          credential: sealCredential(context.orgId, id, material.credential),
          createdById: context.actor.userId,
        },
      }),
  );
  noteClustersChanged();
  return serializeCluster(cluster);
}

export async function listClusters(orgId: string): Promise<ClusterView[]> {
  const clusters = await getDb().cluster.findMany({ where: { orgId }, orderBy: { name: "asc" } });
  return clusters.map(serializeCluster);
}

/** Scoped to the org; "not yours" and "does not exist" are the same 404. */
export async function getClusterOrThrow(orgId: string, id: string): Promise<Cluster> {
  const cluster = isUuid(id) ? await getDb().cluster.findFirst({ where: { id, orgId } }) : null;
  if (!cluster) throw new AppError("NOT_FOUND", "Cluster not found.");
  return cluster;
}

export async function updateCluster(context: OrgContext, id: string, input: UpdateClusterInput): Promise<ClusterView> {
  const cluster = await getClusterOrThrow(context.orgId, id);
  if (input.name && input.name !== cluster.name) await assertNameFree(context.orgId, input.name);
  const material = input.credential ? materialFromSource(input.credential) : undefined;
  if (material) await assertAddressAllowed(material);
  if (input.impersonate === true) await assertImpersonationPossible(cluster, material);
  const updated = await audited(
    context,
    {
      action: "cluster.update",
      kind: "Cluster",
      name: cluster.name,
      clusterId: id,
      summary: describeUpdate(cluster, input),
    },
    () =>
      getDb().cluster.update({
        where: { id },
        data: {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.impersonate !== undefined && { impersonate: input.impersonate }),
          ...(material && {
            ...endpointColumns(context.orgId, material),
            credential: sealCredential(context.orgId, id, material.credential),
            credentialVersion: { increment: 1 },
          }),
        },
      }),
  );
  if (material) {
    forgetClusterConnections(id);
    noteClustersChanged();
  }
  return serializeCluster(updated);
}

/** Delete the cluster and with it the only copy of its encrypted credential. */
export async function deleteCluster(context: OrgContext, id: string) {
  const cluster = await getClusterOrThrow(context.orgId, id);
  await audited(context, { action: "cluster.delete", kind: "Cluster", name: cluster.name, clusterId: id }, () =>
    getDb().cluster.delete({ where: { id } }),
  );
  forgetClusterConnections(id);
  noteClustersChanged(id);
}

function endpointColumns(orgId: string, material: ClusterMaterial) {
  return {
    server: material.server,
    caData: material.caData ?? null,
    tlsServerName: material.tlsServerName ?? null,
    namespace: material.namespace ?? null,
    authType: authTypeOf(material.credential),
    identityFingerprint: identityFingerprint(orgId, material.server, material.credential),
  };
}

/** Compared by keyed hash (identity.ts): no stored credential is decrypted to find a duplicate. */
async function assertIdentityNew(orgId: string, material: ClusterMaterial) {
  const same = await getDb().cluster.findFirst({
    where: { orgId, identityFingerprint: { in: candidateFingerprints(orgId, material.server, material.credential) } },
    select: { name: true },
  });
  if (same) {
    throw new AppError(
      "CONFLICT",
      `"${same.name}" already connects to this server with the same credential. Add it again only if you want two entries for one cluster.`,
      "credential",
    );
  }
}

/** The outbound policy runs before anything is stored: a refused address is a 422 naming the server field. */
async function assertAddressAllowed(material: ClusterMaterial) {
  const connection = await openConnection(material, material.credential, { invalidInputPath: material.serverPath });
  connection.agent.destroy();
}

/** Checked with the credential that will be stored: the new one on rotation, else the current one. */
async function assertImpersonationPossible(cluster: Cluster, material: ClusterMaterial | undefined) {
  const connection = material
    ? await openConnection(material, material.credential, { invalidInputPath: material.serverPath })
    : await getClusterConnection(cluster);
  try {
    await assertMayImpersonate(connection);
  } finally {
    if (material) connection.agent.destroy();
  }
}

async function assertNameFree(orgId: string, name: string) {
  const taken = await getDb().cluster.findFirst({ where: { orgId, name }, select: { id: true } });
  if (taken) throw new AppError("CONFLICT", `A cluster named "${name}" already exists.`, "name");
}

function describeUpdate(cluster: Cluster, input: UpdateClusterInput) {
  const parts: string[] = [];
  if (input.name !== undefined && input.name !== cluster.name) parts.push(`name ${cluster.name}→${input.name}`);
  if (input.impersonate !== undefined) parts.push(`impersonate ${cluster.impersonate}→${input.impersonate}`);
  if (input.credential) parts.push(`credential v${cluster.credentialVersion}→v${cluster.credentialVersion + 1}`);
  return parts.join(", ") || "no change";
}
