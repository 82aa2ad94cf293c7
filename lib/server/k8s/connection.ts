import type { KubeconfigCredential } from "./kubeconfig";
import { type AllowedNetworks, type ClusterTarget, resolveClusterTarget, type Resolver } from "./outbound-policy";
import { createPinnedAgent, type PinnedAgent } from "./pinned-agent";

/** Everything needed to talk to one cluster as one identity: frozen, never shared across credentials. */
export type ClusterConnection = Readonly<{
  target: ClusterTarget;
  agent: PinnedAgent;
  token?: string;
  /** Expiring tokens (cloud connectors): every request and stream asks for the current one. */
  tokenProvider?: () => Promise<string>;
  onTokenRejected?: (token: string) => void;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  tlsServerName?: string;
}>;

export type Endpoint = { server: string; caData?: string | null; tlsServerName?: string | null };

/** A bearer token that changes over time, minted elsewhere (lib/server/cloud). */
export type TokenSourceCredential = {
  readonly type: "tokenSource";
  readonly source: { token(): Promise<string>; rejected(token: string): void };
};

export type ConnectOptions = {
  /**
   * Where loopback and private addresses may be reached: the operator's networks plus the org's
   * own grants (lib/server/clusters/networks.ts), decided by the caller, who knows the org.
   */
  allowed: AllowedNetworks;
  /** When the endpoint is user input, refusals are 422 at this path instead of 502. */
  invalidInputPath?: string;
  resolver?: Resolver;
};

/** Vet the address (outbound policy), pin it, and build the TLS identity. Every cluster call starts here. */
export async function openConnection(
  endpoint: Endpoint,
  credential: KubeconfigCredential | TokenSourceCredential,
  options: ConnectOptions,
): Promise<ClusterConnection> {
  const target = await resolveClusterTarget(endpoint.server, options);
  const ca = endpoint.caData ? Buffer.from(endpoint.caData, "base64") : undefined;
  const cert = credential.type === "clientCertificate" ? Buffer.from(credential.certData, "base64") : undefined;
  const key = credential.type === "clientCertificate" ? Buffer.from(credential.keyData, "base64") : undefined;
  const tlsServerName = endpoint.tlsServerName ?? undefined;
  const agent = createPinnedAgent({ target, ca, cert, key, tlsServerName, keepAlive: true, maxSockets: 16 });
  const source = credential.type === "tokenSource" ? credential.source : undefined;
  return Object.freeze({
    target,
    agent,
    token: credential.type === "token" ? credential.token : undefined,
    tokenProvider: source && (() => source.token()),
    onTokenRejected: source && ((token: string) => source.rejected(token)),
    ca,
    cert,
    key,
    tlsServerName,
  });
}
