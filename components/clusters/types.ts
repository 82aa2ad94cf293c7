import type { InputProblem } from "@/lib/errors";

export type { InputProblem };
import type { ClusterHealth, ClusterView } from "@/lib/wire/clusters";

/** The browser's view of a cluster: exactly what the server's allowlisted serializer sends. */
export type ClusterStatus = ClusterHealth["status"];
export type ClusterHealthData = ClusterHealth;
export type ClusterSummary = Omit<ClusterView, "updatedAt">;

/** Who may change clusters; `denial` says why not, in words, when they may not. */
export type ClusterManagement = { canManage: boolean; denial?: string };

/** An error as server actions return it: one message, or every problem of a kubeconfig. */
export type FieldError = { code?: string; message: string; path?: string; problems?: readonly InputProblem[] };
