import type { ClusterConnection } from "./connection";
import { kubernetesError } from "./errors";
import { requestJson } from "./http-guard";

/** Who the cluster should judge instead of the stored credential (impersonation mode). */
export type Impersonation = { user: string; groups: string[] };

/** A JSON call to the cluster through the guarded client; Kubernetes errors become AppErrors with its message. */
export async function callCluster<T>(
  connection: ClusterConnection,
  request: {
    path: string;
    method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
    body?: unknown;
    headers?: Readonly<Record<string, string>>;
    impersonate?: Impersonation;
    timeoutMs?: number;
    /** What this call may buffer; the default fits an ordinary object, lists must page. */
    maxBytes?: number;
  },
): Promise<T> {
  const response = await requestJson<T>({
    ...connection,
    path: request.path,
    method: request.method ?? "GET",
    body: request.body,
    headers: { ...request.headers, ...impersonationHeaders(request.impersonate) },
    timeoutMs: request.timeoutMs,
    maxBytes: request.maxBytes,
  });
  if (response.status >= 400) throw kubernetesError(response);
  return response.body;
}

export function impersonationHeaders(impersonate?: Impersonation): Record<string, string> {
  if (!impersonate) return {};
  // Node joins repeated headers with ", ", which Kubernetes reads as one group; one group is enough here.
  return {
    "Impersonate-User": impersonate.user,
    ...(impersonate.groups[0] && { "Impersonate-Group": impersonate.groups[0] }),
  };
}
