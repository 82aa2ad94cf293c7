import { AppError } from "@/lib/errors";
import { getConfig } from "../config/env";
import type { KubeconfigCredential } from "../k8s/kubeconfig";
import { requestJson, type JsonResponse } from "../k8s/http-guard";
import { type ClusterTarget, parseAllowedNetworks, resolveClusterTarget, type Resolver } from "../k8s/outbound-policy";
import { createPinnedAgent, type PinnedAgent } from "../k8s/pinned-agent";

/** Everything needed to talk to one cluster as one identity: frozen, never shared across credentials. */
export type ClusterConnection = Readonly<{
  target: ClusterTarget;
  agent: PinnedAgent;
  token?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  tlsServerName?: string;
}>;

export type Endpoint = { server: string; caData?: string | null; tlsServerName?: string | null };

export type ConnectOptions = {
  /** When the endpoint is user input, refusals are 422 at this path instead of 502. */
  invalidInputPath?: string;
  resolver?: Resolver;
};

/** Vet the address (outbound policy), pin it, and build the TLS identity. Every cluster call starts here. */
export async function openConnection(
  endpoint: Endpoint,
  credential: KubeconfigCredential,
  options: ConnectOptions = {},
): Promise<ClusterConnection> {
  const allowed = parseAllowedNetworks(getConfig().PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS);
  const target = await resolveClusterTarget(endpoint.server, { allowed, ...options });
  const ca = endpoint.caData ? Buffer.from(endpoint.caData, "base64") : undefined;
  const cert = credential.type === "clientCertificate" ? Buffer.from(credential.certData, "base64") : undefined;
  const key = credential.type === "clientCertificate" ? Buffer.from(credential.keyData, "base64") : undefined;
  const tlsServerName = endpoint.tlsServerName ?? undefined;
  const agent = createPinnedAgent({ target, ca, cert, key, tlsServerName, keepAlive: true, maxSockets: 16 });
  return Object.freeze({
    target,
    agent,
    token: credential.type === "token" ? credential.token : undefined,
    ca,
    cert,
    key,
    tlsServerName,
  });
}

export type Impersonation = { user: string; groups: string[] };

/** A JSON call to the cluster through the guarded client; Kubernetes errors become AppErrors with its message. */
export async function callCluster<T>(
  connection: ClusterConnection,
  request: {
    path: string;
    method?: "GET" | "POST" | "PATCH" | "DELETE";
    body?: unknown;
    impersonate?: Impersonation;
    timeoutMs?: number;
  },
): Promise<T> {
  const response = await requestJson<T>({
    ...connection,
    path: request.path,
    method: request.method ?? "GET",
    body: request.body,
    headers: impersonationHeaders(request.impersonate),
    timeoutMs: request.timeoutMs,
  });
  if (response.status >= 400) throw kubernetesError(response);
  return response.body;
}

function impersonationHeaders(impersonate?: Impersonation): Record<string, string> {
  if (!impersonate) return {};
  // Node joins repeated headers with ", ", which Kubernetes reads as one group; one group is enough here.
  return {
    "Impersonate-User": impersonate.user,
    ...(impersonate.groups[0] && { "Impersonate-Group": impersonate.groups[0] }),
  };
}

/** Map a Kubernetes Status to our error codes, keeping only its human message (never headers or bodies). */
export function kubernetesError(response: JsonResponse<unknown>): AppError {
  const message = (response.body as { message?: unknown } | null)?.message;
  const text = typeof message === "string" ? message.slice(0, 300) : `the cluster answered HTTP ${response.status}`;
  switch (response.status) {
    case 401:
      return new AppError("CLUSTER_UNREACHABLE", `The cluster rejected the credential: ${text}`);
    case 403:
      return new AppError("FORBIDDEN", `The cluster refused: ${text}`);
    case 404:
      return new AppError("NOT_FOUND", text);
    case 409:
      return new AppError("CONFLICT", text);
    case 422:
    case 400:
      return new AppError("INVALID_INPUT", text);
    default:
      return new AppError("CLUSTER_UNREACHABLE", `The cluster failed: ${text}`);
  }
}
