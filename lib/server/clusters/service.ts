import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { AddClusterInput, UpdateClusterInput } from "@/lib/validations/clusters";
import type { OrgContext } from "../auth/actor";
import { audited } from "../audit/record";
import { getConfig } from "../config/env";
import { getDb } from "../db/client";
import { isUuid } from "../db/ids";
import { type Cluster, Prisma } from "../db/generated/client";
import { lockOrganization } from "../orgs/scoping";
import { stopRecordingCluster } from "../events/event-history";
import { connectable, forgetClusterConnections, getClusterConnection } from "./clients";
import { connectorView, parseStoredConnector } from "../cloud/connectors";
import type { MintContext } from "../cloud/connector-types";
import { type ClusterConnection, openConnection } from "../k8s/connection";
import { CURRENT_FORMAT } from "../crypto/envelope";
import { authTypeOf, type CredentialEndpoint, sealCredential } from "./credentials";
import { AUTH_TYPE_LABELS, type ClusterView } from "@/lib/wire/clusters";
import { getClusterHealth, noteClustersChanged } from "./health";
import { candidateFingerprints, identityFingerprint } from "./identity";
import { assertMayImpersonate } from "./impersonation";
import { allowedNetworksFor } from "./networks";
import { type ClusterMaterial, deferInvalid, materialFromSource, type ParsedKubeconfigSource } from "./source";

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
 * Register a cluster. Every attempt leaves an audit row, refusals included (docs/decisions/0063):
 * bad input is a `failure`, an address outside the allowed networks or a full quota is `denied`.
 * The credential never reaches the row: only the server, once it has been validated. A
 * kubeconfig may arrive already parsed: several contexts of one upload share one parse. A second
 * registration of the same server with the same credential is refused with a CONFLICT on
 * `credential` unless `allowDuplicate` says the person confirmed it.
 */
export async function addCluster(
  context: OrgContext,
  input: AddClusterInput | ({ name: string } & ParsedKubeconfigSource),
  { allowDuplicate = false }: { allowDuplicate?: boolean } = {},
): Promise<ClusterView> {
  const id = randomUUID();
  const mint = { orgId: context.orgId, clusterId: id, allowed: await allowedNetworksFor(context.orgId) };
  const material = await deferInvalid(() => materialFromSource(input, mint));
  const entry = {
    action: "cluster.create" as const,
    kind: "Cluster",
    name: input.name,
    clusterId: id,
    ...(material.value && { summary: describeMaterial(material.value) }),
  };
  const cluster = await audited(context, entry, async () => {
    const checked = material.unwrap();
    await assertAddressAllowed(checked, mint);
    return getDb().$transaction(async (tx) => {
      // One registration per org at a time, so the quota and the name check cannot race.
      await lockOrganization(tx, context.orgId);
      await assertNameFree(tx, context.orgId, input.name);
      if (!allowDuplicate) await assertIdentityNew(tx, context.orgId, checked);
      await assertBelowClusterLimit(tx, context.orgId);
      return tx.cluster.create({
        data: {
          id,
          orgId: context.orgId,
          name: input.name,
          ...endpointColumns(context.orgId, checked),
          credential: sealCredential(
            { orgId: context.orgId, clusterId: id, endpoint: boundEndpoint(checked), credentialVersion: 1 },
            checked.credential,
          ),
          credentialVersion: 1,
          createdById: context.actor.userId,
        },
      });
    });
  });
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
  const mint = { orgId: context.orgId, clusterId: id, allowed: await allowedNetworksFor(context.orgId) };
  const material = input.credential ? await deferInvalid(() => materialFromSource(input.credential!, mint)) : undefined;
  const entry = {
    action: "cluster.update" as const,
    kind: "Cluster",
    name: cluster.name,
    clusterId: id,
    summary: describeUpdate(cluster, input),
  };
  const updated = await audited(context, entry, async () => {
    if (input.name && input.name !== cluster.name) await assertNameFree(getDb(), context.orgId, input.name);
    const checked = material?.unwrap();
    if (checked) await assertAddressAllowed(checked, mint);
    if (input.impersonate === true) await assertImpersonationPossible(cluster, checked, mint);
    const data = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.impersonate !== undefined && { impersonate: input.impersonate }),
    };
    if (!checked) return getDb().cluster.update({ where: { id }, data });
    return rotateCredential(cluster, checked, data);
  });
  if (material) {
    forgetClusterConnections(id);
    noteClustersChanged();
  }
  return serializeCluster(updated);
}

/**
 * Store a new credential (and endpoint) as the next version, sealed for exactly that endpoint and
 * version (docs/decisions/0061). Conditional on the version read before, so two rotations at
 * once cannot both win: the second is a CONFLICT and stores nothing.
 */
async function rotateCredential(
  cluster: Cluster,
  material: ClusterMaterial,
  data: Prisma.ClusterUpdateManyMutationInput,
) {
  const credentialVersion = cluster.credentialVersion + 1;
  const owner = { orgId: cluster.orgId, clusterId: cluster.id, endpoint: boundEndpoint(material), credentialVersion };
  const { count } = await getDb().cluster.updateMany({
    where: { id: cluster.id, credentialVersion: cluster.credentialVersion },
    data: {
      ...data,
      ...endpointColumns(cluster.orgId, material),
      credential: sealCredential(owner, material.credential),
      credentialVersion,
      credentialFormat: CURRENT_FORMAT,
    },
  });
  if (count === 0) {
    throw new AppError(
      "CONFLICT",
      "The cluster's credential changed while you were replacing it. Reload and try again.",
    );
  }
  return getDb().cluster.findUniqueOrThrow({ where: { id: cluster.id } });
}

/** Delete the cluster and with it the only copy of its encrypted credential. */
export async function deleteCluster(context: OrgContext, id: string) {
  const cluster = await getClusterOrThrow(context.orgId, id);
  await audited(context, { action: "cluster.delete", kind: "Cluster", name: cluster.name, clusterId: id }, () =>
    getDb().cluster.delete({ where: { id } }),
  );
  forgetClusterConnections(id);
  noteClustersChanged(id);
  await stopRecordingCluster(id);
}

function endpointColumns(orgId: string, material: ClusterMaterial) {
  const credential = material.credential;
  return {
    server: material.server,
    caData: material.caData ?? null,
    tlsServerName: material.tlsServerName ?? null,
    namespace: material.namespace ?? null,
    authType: authTypeOf(credential),
    connector: credential.type === "connector" ? (credential.config as Prisma.InputJsonValue) : Prisma.DbNull,
    identityFingerprint: identityFingerprint(orgId, material.server, credential),
  };
}

/** What the sealed secrets are bound to: the endpoint columns, and a connector's settings (credentials.ts). */
function boundEndpoint(material: ClusterMaterial): CredentialEndpoint {
  const credential = material.credential;
  return {
    server: material.server,
    caData: material.caData,
    tlsServerName: material.tlsServerName,
    connector: credential.type === "connector" ? credential.config : null,
  };
}

/** `server https://…`, naming the connector when there is one: who reached which cloud identity shows in the audit log. */
function describeMaterial(material: ClusterMaterial): string {
  const credential = material.credential;
  if (credential.type !== "connector") return `server ${material.server}`;
  return `server ${material.server} via ${AUTH_TYPE_LABELS[credential.config.type]}`;
}

/** A one-off connection for input not stored yet; a refused address is a 422 at the server's field. */
function connectMaterial(material: ClusterMaterial, mint: MintContext): Promise<ClusterConnection> {
  return openConnection(material, connectable(material.credential, mint), {
    allowed: mint.allowed,
    invalidInputPath: material.serverPath,
  });
}

/** Compared by keyed hash (identity.ts): no stored credential is decrypted to find a duplicate. */
async function assertIdentityNew(db: Prisma.TransactionClient, orgId: string, material: ClusterMaterial) {
  const same = await db.cluster.findFirst({
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
async function assertAddressAllowed(material: ClusterMaterial, mint: MintContext) {
  const connection = await connectMaterial(material, mint);
  connection.agent.destroy();
}

/** Checked with the credential that will be stored: the new one on rotation, else the current one. */
async function assertImpersonationPossible(cluster: Cluster, material: ClusterMaterial | undefined, mint: MintContext) {
  const connection = material ? await connectMaterial(material, mint) : await getClusterConnection(cluster);
  try {
    await assertMayImpersonate(connection);
  } finally {
    if (material) connection.agent.destroy();
  }
}

async function assertNameFree(db: Prisma.TransactionClient, orgId: string, name: string) {
  const taken = await db.cluster.findFirst({ where: { orgId, name }, select: { id: true } });
  if (taken) throw new AppError("CONFLICT", `A cluster named "${name}" already exists.`, "name");
}

/** A quota, not a validation: refusals are audited as denied. */
async function assertBelowClusterLimit(db: Prisma.TransactionClient, orgId: string) {
  const limit = getConfig().PILOTHOUSE_MAX_CLUSTERS_PER_ORG;
  if ((await db.cluster.count({ where: { orgId } })) < limit) return;
  throw new AppError(
    "CONFLICT",
    `This organization already has ${limit} clusters, the most one organization may register. Delete one first, or ask the operator to raise PILOTHOUSE_MAX_CLUSTERS_PER_ORG.`,
    undefined,
    { denied: true },
  );
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
