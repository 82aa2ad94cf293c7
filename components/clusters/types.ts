import type { ClusterHealth, ClusterView } from "@/lib/wire/clusters";

/** The browser's view of a cluster: exactly what the server's allowlisted serializer sends. */
export type ClusterStatus = ClusterHealth["status"];
export type ClusterHealthData = ClusterHealth;
export type ClusterSummary = Omit<ClusterView, "updatedAt">;

/** Who may change clusters; `denial` says why not, in words, when they may not. */
export type ClusterManagement = { canManage: boolean; denial?: string };

/** One of several problems found in one input (a kubeconfig can have many); `hint` says what to do. */
export type InputProblem = { path: string; message: string; hint?: string };

/**
 * An error as server actions return it. `problems`, when the server sends it, lists every
 * problem of the input, not just the first.
 */
export type FieldError = { code?: string; message: string; path?: string; problems?: InputProblem[] };
