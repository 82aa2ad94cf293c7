/**
 * The browser's view of a cluster: the same fields the server's ClusterView allowlists
 * (components may not import lib/server, so the shape is restated here).
 */
export type ClusterStatus = "unknown" | "healthy" | "unreachable";

export type ClusterHealthData = {
  status: ClusterStatus;
  version: string | null;
  latencyMs: number | null;
  lastError: string | null;
  checkedAt: string | null;
  nodeCount: number | null;
  podCount: number | null;
  circuit: "closed" | "open";
};

export type ClusterSummary = {
  id: string;
  name: string;
  server: string;
  namespace: string | null;
  authType: "token" | "client_certificate";
  credentialVersion: number;
  createdAt: string;
  health: ClusterHealthData;
};

/** Who may change clusters; `denial` says why not, in words, when they may not. */
export type ClusterManagement = { canManage: boolean; denial?: string };

/** An error as server actions return it. */
export type FieldError = { code?: string; message: string; path?: string };
