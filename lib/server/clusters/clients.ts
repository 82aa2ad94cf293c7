import type { Cluster } from "../db/generated/client";
import { type ClusterConnection, openConnection } from "../k8s/connection";
import { openCredential } from "./credentials";
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
>;

export function getClusterConnection(cluster: StoredCluster): Promise<ClusterConnection> {
  const key = `${cluster.id}:${cluster.credentialVersion}`;
  const cached = cache.get(key);
  if (cached && Date.now() - cached.createdAt < CONNECTION_TTL_MS) return cached.connection;
  forgetClusterConnections(cluster.id);
  // Deferred so that a credential that does not decrypt is a rejection, like every other failure here.
  const connection = Promise.resolve().then(async () =>
    openConnection(cluster, openCredential(cluster), { allowed: await allowedNetworksFor(cluster.orgId) }),
  );
  cache.set(key, { connection, createdAt: Date.now() });
  // A failed open must not be cached: the next call tries again.
  connection.catch(() => cache.delete(key));
  return connection;
}

/** Drop every cached connection of a cluster (rotation, deletion). */
export function forgetClusterConnections(clusterId: string) {
  for (const [key, entry] of cache) {
    if (!key.startsWith(`${clusterId}:`)) continue;
    cache.delete(key);
    void entry.connection.then((connection) => connection.agent.destroy()).catch(() => {});
  }
}
