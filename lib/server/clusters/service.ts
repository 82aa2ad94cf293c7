import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { AddClusterInput, ClusterSource, UpdateClusterInput } from "@/lib/validations/clusters";
import type { OrgContext } from "../auth/actor";
import { audited } from "../audit/record";
import { getDb } from "../db/client";
import { isUuid } from "../db/ids";
import { type Cluster, Prisma } from "../db/generated/client";
import { connectable, forgetClusterConnections, getClusterConnection } from "./clients";
import { connectorView, parseStoredConnector } from "../cloud/connectors";
import type { MintContext } from "../cloud/connector-types";
import { type ClusterConnection, openConnection } from "../k8s/connection";
import { authTypeOf, sealCredential } from "./credentials";
import { AUTH_TYPE_LABELS, type ClusterView } from "@/lib/wire/clusters";
import { getClusterHealth } from "./health";
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
    connector: cluster.connector === null ? null : connectorView(parseStoredConnector(cluster.connector)),
    credentialVersion: cluster.credentialVersion,
    impersonate: cluster.impersonate,
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
    health: getClusterHealth(cluster.id),
  };
}

/**
 * Validate a source and try it: reachable, version, latency, what the credential may do. Stores
 * nothing; a connector's token is minted for this test only.
 */
export async function testClusterSource(orgId: string, source: ClusterSource) {
  const material = await materialFromSource(source, { orgId });
  const connection = await connectMaterial(material, { orgId });
  try {
    return await probeCluster(connection, material.namespace);
  } finally {
    connection.agent.destroy();
  }
}

/** A kubeconfig may arrive already parsed: several contexts of one upload share one parse. */
export async function addCluster(
  context: OrgContext,
  input: AddClusterInput | ({ name: string } & ParsedKubeconfigSource),
): Promise<ClusterView> {
  const id = randomUUID();
  const material = await materialFromSource(input, { orgId: context.orgId, clusterId: id });
  await assertAddressAllowed(material, { orgId: context.orgId, clusterId: id });
  await assertNameFree(context.orgId, input.name);
  const cluster = await audited(
    context,
    {
      action: "cluster.create",
      kind: "Cluster",
      name: input.name,
      clusterId: id,
      summary: describeMaterial(material),
    },
    () =>
      getDb().cluster.create({
        data: {
          id,
          orgId: context.orgId,
          name: input.name,
          ...endpointColumns(material),
          credential: sealCredential(context.orgId, id, material.credential),
          createdById: context.actor.userId,
        },
      }),
  );
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
  const mintContext = { orgId: context.orgId, clusterId: id };
  const material = input.credential ? await materialFromSource(input.credential, mintContext) : undefined;
  if (material) await assertAddressAllowed(material, mintContext);
  if (input.impersonate === true) await assertImpersonationPossible(cluster, material, mintContext);
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
            ...endpointColumns(material),
            credential: sealCredential(context.orgId, id, material.credential),
            credentialVersion: { increment: 1 },
          }),
        },
      }),
  );
  if (material) forgetClusterConnections(id);
  return serializeCluster(updated);
}

/** Delete the cluster and with it the only copy of its encrypted credential. */
export async function deleteCluster(context: OrgContext, id: string) {
  const cluster = await getClusterOrThrow(context.orgId, id);
  await audited(context, { action: "cluster.delete", kind: "Cluster", name: cluster.name, clusterId: id }, () =>
    getDb().cluster.delete({ where: { id } }),
  );
  forgetClusterConnections(id);
}

function endpointColumns(material: ClusterMaterial) {
  const credential = material.credential;
  return {
    server: material.server,
    caData: material.caData ?? null,
    tlsServerName: material.tlsServerName ?? null,
    namespace: material.namespace ?? null,
    authType: authTypeOf(credential),
    connector: credential.type === "connector" ? (credential.config as Prisma.InputJsonValue) : Prisma.DbNull,
  };
}

/** A one-off connection for input not stored yet; a refused address is a 422 at the server's field. */
function connectMaterial(material: ClusterMaterial, context: MintContext): Promise<ClusterConnection> {
  return openConnection(material, connectable(material.credential, context), {
    invalidInputPath: material.serverPath,
  });
}

/** The outbound policy runs before anything is stored: a refused address is a 422 naming the server's field. */
async function assertAddressAllowed(material: ClusterMaterial, context: MintContext) {
  const connection = await connectMaterial(material, context);
  connection.agent.destroy();
}

/** Checked with the credential that will be stored: the new one on rotation, else the current one. */
async function assertImpersonationPossible(
  cluster: Cluster,
  material: ClusterMaterial | undefined,
  context: MintContext,
) {
  const connection = material ? await connectMaterial(material, context) : await getClusterConnection(cluster);
  try {
    await assertMayImpersonate(connection);
  } finally {
    if (material) connection.agent.destroy();
  }
}

/** `server https://…`, naming the connector when there is one: who reached which cloud identity shows in the audit log. */
function describeMaterial(material: ClusterMaterial): string {
  const credential = material.credential;
  if (credential.type !== "connector") return `server ${material.server}`;
  return `server ${material.server} via ${AUTH_TYPE_LABELS[credential.config.type]}`;
}

async function assertNameFree(orgId: string, name: string) {
  const taken = await getDb().cluster.findFirst({ where: { orgId, name }, select: { id: true } });
  if (taken) throw new AppError("CONFLICT", `A cluster named "${name}" already exists.`, "name");
}

function describeUpdate(cluster: Cluster, input: UpdateClusterInput) {
  const parts: string[] = [];
  if (input.name !== undefined && input.name !== cluster.name) parts.push(`name ${cluster.name}→${input.name}`);
  if (input.impersonate !== undefined) parts.push(`impersonate ${cluster.impersonate}→${input.impersonate}`);
  if (input.credential) {
    const kind = "connector" in input.credential ? `, now ${AUTH_TYPE_LABELS[input.credential.connector.type]}` : "";
    parts.push(`credential v${cluster.credentialVersion}→v${cluster.credentialVersion + 1}${kind}`);
  }
  return parts.join(", ") || "no change";
}
