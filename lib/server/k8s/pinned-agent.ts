import type { Duplex } from "node:stream";
import https from "node:https";
import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import { AppError } from "@/lib/errors";
import type { ClusterTarget } from "./outbound-policy";

/**
 * An https.Agent that can only reach one vetted address (docs/security.md §1, no DNS rebinding).
 * The request keeps the real host name, so the Host header, SNI and certificate check use it,
 * but the socket is opened to `target.address`, the address outbound-policy.ts checked. A DNS
 * answer that changes after the check has no say, because no lookup happens at connect time.
 */

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export type PinnedAgentOptions = {
  target: ClusterTarget;
  /** PEM CA bundle; when absent the system roots are used. Verification is never disabled. */
  ca?: string | Buffer;
  /** PEM client certificate and key, for clusters that authenticate with them. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** The kubeconfig's tls-server-name: the name in the cluster certificate, when not the host. */
  tlsServerName?: string;
  /** Time allowed from opening the socket to a finished TLS handshake. */
  connectTimeoutMs?: number;
  keepAlive?: boolean;
  maxSockets?: number;
};

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

export class PinnedAgent extends https.Agent {
  readonly target: ClusterTarget;
  private readonly connectTimeoutMs: number;
  private readonly serverName: string | undefined;

  constructor(options: PinnedAgentOptions) {
    super({
      keepAlive: options.keepAlive ?? false,
      maxSockets: options.maxSockets ?? 8,
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
      ...(options.ca !== undefined && { ca: options.ca }),
      ...(options.cert !== undefined && { cert: options.cert }),
      ...(options.key !== undefined && { key: options.key }),
    });
    this.target = options.target;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    // SNI must be a name, never an IP literal; an IP target is verified against its IP SANs.
    this.serverName = options.tlsServerName ?? (isIP(options.target.hostname) ? undefined : options.target.hostname);
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectCallback): Duplex | null | undefined {
    const requestedHost = (options.host ?? options.hostname ?? "").replace(/^\[(.*)\]$/, "$1");
    if (requestedHost !== this.target.hostname || Number(options.port) !== this.target.port) {
      // This agent belongs to one cluster; anything else is a bug or a redirect attempt.
      const error = new AppError(
        "CLUSTER_UNREACHABLE",
        "Pilothouse refused to connect to a host other than the cluster's server",
      );
      if (callback) {
        process.nextTick(() => callback(error, undefined as unknown as Duplex));
        return undefined;
      }
      throw error;
    }
    const pinned = {
      ...options,
      host: this.target.address,
      servername: this.serverName,
      rejectUnauthorized: true,
      // Defence in depth: should anything still ask for a lookup, it only ever gets the vetted address.
      lookup: pinnedLookup(this.target),
    } as https.RequestOptions;
    const socket = super.createConnection(pinned, callback) as TLSSocket;
    applyConnectTimeout(socket, this.connectTimeoutMs);
    return socket;
  }
}

export function createPinnedAgent(options: PinnedAgentOptions): PinnedAgent {
  return new PinnedAgent(options);
}

function applyConnectTimeout(socket: TLSSocket, timeoutMs: number) {
  const timer = setTimeout(() => {
    socket.destroy(
      new AppError(
        "CLUSTER_UNREACHABLE",
        `The cluster did not accept a connection within ${Math.round(timeoutMs / 1000)} s`,
      ),
    );
  }, timeoutMs);
  timer.unref();
  const clear = () => clearTimeout(timer);
  socket.once("secureConnect", clear);
  socket.once("close", clear);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

/** A `lookup` that ignores DNS and answers the vetted address, in either callback shape. */
export function pinnedLookup(target: Pick<ClusterTarget, "address" | "family">) {
  return (_hostname: string, options: { all?: boolean } | number | undefined, callback: LookupCallback) => {
    if (typeof options === "object" && options?.all)
      callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}
