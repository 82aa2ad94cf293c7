/** Cluster shapes shared by the server (API, health pushes) and the browser (cards, live updates). */

export type ClusterHealth = {
  status: "unknown" | "healthy" | "unreachable";
  version: string | null;
  latencyMs: number | null;
  lastError: string | null;
  checkedAt: string | null;
  nodeCount: number | null;
  podCount: number | null;
  /** Open: the cluster failed repeatedly and is left alone until `retryAt`. */
  circuit: "closed" | "open";
};

/** The API's view of a cluster: an allowlist, so a credential column added later cannot leak. */
export type ClusterView = {
  id: string;
  name: string;
  server: string;
  namespace: string | null;
  authType: "token" | "client_certificate";
  credentialVersion: number;
  impersonate: boolean;
  createdAt: string;
  updatedAt: string;
  health: ClusterHealth;
};
