import type { Cluster } from "../db/generated/client";
import { connectorTokenSource } from "../cloud/connectors";
import type { MintContext } from "../cloud/connector-types";
import { forgetClusterTokens } from "../cloud/token-cache";
import { type ClusterConnection, openConnection, type TokenSourceCredential } from "../k8s/connection";
import type { KubeconfigCredential } from "../k8s/kubeconfig";
import { type ClusterCredential, openCredential } from "./credentials";
import { allowedNetworksFor } from "./networks";

/**
 * One frozen connection per (cluster, credential version): a rotation makes a new key, so a
 * connection never outlives its credential. DNS and the org's network grants are re-vetted when
 * an entry ages out.
 */
const CONNECTION_TTL_MS = 5 * 60_000;

type Entry = { connection: Promise<ClusterConnection>; createdAt: number };
const globalForClients = globalThis as unknown as { pilothouseClusterConnections?: Map<string, Entry> };
const cache: Map<string, Entry> = (globalForClients.pilothouseClusterConnections ??= new Map());

type StoredCluster = Pick<
  Cluster,
  | "id"
  | "orgId"
  | "server"
  | "caData"
  | "tlsServerName"
  | "authType"
  | "credential"
  | "credentialVersion"
  | "credentialFormat"
> &
  Partial<Pick<Cluster, "connector">>;

export function getClusterConnection(cluster: StoredCluster): Promise<ClusterConnection> {
  const key = `${cluster.id}:${cluster.credentialVersion}`;
  const cached = cache.get(key);
  if (cached && Date.now() - cached.createdAt < CONNECTION_TTL_MS) return cached.connection;
  // Aged out or a new credential version: the old agents go; cloud tokens of this version stay cached.
  dropConnections(cluster.id);
  // Deferred so that a credential that does not decrypt is a rejection, like every other failure here.
  const connection = Promise.resolve().then(async () => {
    const mint = { orgId: cluster.orgId, clusterId: cluster.id, allowed: await allowedNetworksFor(cluster.orgId) };
    return openConnection(cluster, connectable(openCredential(cluster), mint, key), { allowed: mint.allowed });
  });
  cache.set(key, { connection, createdAt: Date.now() });
  // A failed open must not be cached: the next call tries again.
  connection.catch(() => cache.delete(key));
  return connection;
}

/**
 * What a connection authenticates with: kubeconfig material as it is; a connector as a source of
 * fresh tokens, cached per `cacheKey` (cluster and credential version) when there is one.
 */
export function connectable(
  credential: ClusterCredential,
  context: MintContext,
  cacheKey?: string,
): KubeconfigCredential | TokenSourceCredential {
  if (credential.type !== "connector") return credential;
  return { type: "tokenSource", source: connectorTokenSource(credential, context, cacheKey) };
}

/** Drop every cached connection and cloud token of a cluster (rotation, deletion). */
export function forgetClusterConnections(clusterId: string) {
  forgetClusterTokens(clusterId);
  dropConnections(clusterId);
}

function dropConnections(clusterId: string) {
  for (const [key, entry] of cache) {
    if (!key.startsWith(`${clusterId}:`)) continue;
    cache.delete(key);
    void entry.connection.then((connection) => connection.agent.destroy()).catch(() => {});
  }
}
