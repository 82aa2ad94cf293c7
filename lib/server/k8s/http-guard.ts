import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import https from "node:https";
import { pipeline, Transform, type Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import type { ClusterTarget } from "./outbound-policy";
import { PinnedAgent } from "./pinned-agent";

/**
 * The only way Pilothouse talks HTTP to a cluster (docs/security.md §1 and §6): pinned to the vetted
 * address, redirects refused (a redirect would carry the token elsewhere), a total deadline for
 * ordinary calls, an inactivity deadline for streams, and a cap on what we buffer.
 */

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
export const DEFAULT_STREAM_INACTIVITY_MS = 60_000;
/**
 * What an ordinary call may buffer: one Kubernetes object fits (etcd refuses objects over 1.5 MiB),
 * a hostile server's 8 MiB does not. Calls that need less say so (a version answer is a few hundred
 * bytes); lists page instead of asking for more.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export type ClusterRequest = {
  target: ClusterTarget;
  /** Path (and query) below the server URL, starting with "/". */
  path: string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Readonly<Record<string, string>>;
  /** Serialized as JSON unless it is already a string. */
  body?: unknown;
  /** Bearer token; with tokenProvider, the only ways an Authorization header is sent. */
  token?: string;
  /**
   * For tokens that expire (cloud connectors): asked at the start of every request and stream,
   * so each gets a current token; takes precedence over `token`. A stream already open keeps
   * running after its token expires (the apiserver authenticates a request once, at its start).
   */
  tokenProvider?: () => Promise<string>;
  /** Told when the cluster answers 401 to a token from tokenProvider, so it is not sent again. */
  onTokenRejected?: (token: string) => void;
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  tlsServerName?: string;
  connectTimeoutMs?: number;
  /** Reuse a keep-alive agent for this same target instead of a one-off connection. */
  agent?: PinnedAgent;
  /** Abandon the request (and close its connection) when this aborts. */
  signal?: AbortSignal;
};

export type JsonResponse<T> = { status: number; headers: IncomingHttpHeaders; body: T };
/** `stream` carries the body; it errors with CLUSTER_UNREACHABLE when the cluster goes quiet. */
export type StreamResponse = { status: number; headers: IncomingHttpHeaders; stream: Readable };

/** Callers may not smuggle credentials or routing through extra headers. */
const HEADERS_CALLERS_MAY_NOT_SET = new Set([
  "authorization",
  "cookie",
  "host",
  "proxy-authorization",
  "connection",
  "transfer-encoding",
]);

// ---------------------------------------------------------------------------------------------

/** A non-streaming call: whole answer within timeoutMs, at most maxBytes, parsed as JSON. */
export async function requestJson<T = unknown>(
  request: ClusterRequest & { timeoutMs?: number; maxBytes?: number },
): Promise<JsonResponse<T>> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const token = await bearerFor(request);
  const { req, response, release } = startRequest(request, token);
  const timeout = clusterError(request.target, `did not answer within ${formatSeconds(timeoutMs)}`);
  let timedOut = false;
  const deadline = setTimeout(() => {
    // Destroying the request also aborts a response still being read; the flag keeps the reason.
    timedOut = true;
    req.destroy(timeout);
  }, timeoutMs);
  try {
    const res = await response;
    noteRejection(request, token, res.statusCode);
    const raw = await readBodyCapped(res, maxBytes, request.target);
    return { status: res.statusCode ?? 0, headers: res.headers, body: parseJsonBody<T>(raw, request.target) };
  } catch (error) {
    req.destroy();
    throw timedOut ? timeout : toClusterError(error, request.target);
  } finally {
    clearTimeout(deadline);
    release();
  }
}

/**
 * A long-lived call (watch, logs): no total deadline, but the stream is ended with
 * CLUSTER_UNREACHABLE once nothing arrives for inactivityMs, including while awaiting headers.
 */
export async function openStream(request: ClusterRequest & { inactivityMs?: number }): Promise<StreamResponse> {
  const inactivityMs = request.inactivityMs ?? DEFAULT_STREAM_INACTIVITY_MS;
  const token = await bearerFor(request);
  const { req, response, release } = startRequest(request, token);
  const waiting = setTimeout(() => {
    req.destroy(clusterError(request.target, `did not answer within ${formatSeconds(inactivityMs)}`));
  }, inactivityMs);
  try {
    const res = await response;
    noteRejection(request, token, res.statusCode);
    res.once("close", release);
    const stream = guardInactivity(res, inactivityMs, () =>
      clusterError(request.target, `sent nothing for ${formatSeconds(inactivityMs)}`),
    );
    return { status: res.statusCode ?? 0, headers: res.headers, stream };
  } catch (error) {
    req.destroy();
    release();
    throw toClusterError(error, request.target);
  } finally {
    clearTimeout(waiting);
  }
}

/**
 * Pass `source` through a stream that fails with makeError() once no data has arrived for
 * inactivityMs (destroying `source` too). A pass-through, not a "data" listener on `source`,
 * so the caller decides when the data starts flowing and keeps backpressure.
 */
export function guardInactivity(source: Readable, inactivityMs: number, makeError: () => Error): Readable {
  let timer: NodeJS.Timeout | undefined;
  const guarded = new Transform({
    transform(chunk, _encoding, callback) {
      arm();
      callback(null, chunk);
    },
  });
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(() => guarded.destroy(makeError()), inactivityMs);
  }
  // pipeline destroys the source when the guarded side fails, which closes the connection.
  pipeline(source, guarded, () => clearTimeout(timer));
  guarded.once("close", () => clearTimeout(timer));
  arm();
  return guarded;
}

/** Buffer a response, giving up (and destroying it) past maxBytes. */
export async function readBodyCapped(res: IncomingMessage, maxBytes: number, target: ClusterTarget): Promise<Buffer> {
  const tooLarge = () => clusterError(target, `sent a response larger than ${formatBytes(maxBytes)}`);
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      res.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** 3xx is never followed: the token would travel to wherever the Location points. */
export function assertNotRedirect(status: number | undefined, target: ClusterTarget) {
  if (status !== undefined && status >= 300 && status < 400) {
    throw clusterError(target, `answered a redirect (${status}); Pilothouse never follows redirects`);
  }
}

// ---------------------------------------------------------------------------------------------

type Started = { req: ReturnType<typeof https.request>; response: Promise<IncomingMessage>; release: () => void };

/** The bearer token for this request: a provider's current one, else the static one. */
async function bearerFor(request: ClusterRequest): Promise<string | undefined> {
  if (!request.tokenProvider) return request.token;
  try {
    return await request.tokenProvider();
  } catch (error) {
    // Providers speak in our words already ("AWS rejected the access key: …"); anything else stays generic.
    throw error instanceof AppError
      ? error
      : new AppError(
          "CLUSTER_UNREACHABLE",
          `Pilothouse could not get a token for the cluster at ${request.target.hostname}`,
        );
  }
}

function noteRejection(request: ClusterRequest, token: string | undefined, status: number | undefined) {
  if (status === 401 && token !== undefined && request.tokenProvider) request.onTokenRejected?.(token);
}

function startRequest(request: ClusterRequest, token: string | undefined): Started {
  if (!request.path.startsWith("/") || request.path.startsWith("//")) {
    throw new AppError("INTERNAL", "A cluster request path must start with a single /");
  }
  const { agent, release } = agentFor(request);
  const basePath = new URL(request.target.url).pathname.replace(/\/+$/, "");
  const body = encodeBody(request.body);
  const req = https.request({
    protocol: "https:",
    hostname: request.target.hostname,
    port: request.target.port,
    path: `${basePath}${request.path}`,
    method: request.method ?? "GET",
    headers: buildHeaders(request, body, token),
    agent,
    signal: request.signal,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once("error", reject);
    req.once("response", (res) => {
      try {
        assertNotRedirect(res.statusCode, request.target);
        resolve(res);
      } catch (error) {
        res.destroy();
        reject(error);
      }
    });
  });
  // Keep the rejection observed even if the caller fails earlier and never awaits it.
  response.catch(() => undefined);
  req.end(body);
  return { req, response, release };
}

function agentFor(request: ClusterRequest): { agent: PinnedAgent; release: () => void } {
  if (request.agent) {
    if (
      request.agent.target.hostname !== request.target.hostname ||
      request.agent.target.address !== request.target.address
    ) {
      throw new AppError("INTERNAL", "A pinned agent was used for a different cluster target");
    }
    return { agent: request.agent, release: () => undefined };
  }
  const agent = new PinnedAgent({
    target: request.target,
    ...(request.ca !== undefined && { ca: request.ca }),
    ...(request.cert !== undefined && { cert: request.cert }),
    ...(request.key !== undefined && { key: request.key }),
    ...(request.tlsServerName !== undefined && { tlsServerName: request.tlsServerName }),
    ...(request.connectTimeoutMs !== undefined && { connectTimeoutMs: request.connectTimeoutMs }),
  });
  return { agent, release: () => agent.destroy() };
}

function encodeBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === "string" ? body : JSON.stringify(body);
}

function buildHeaders(
  request: ClusterRequest,
  body: string | undefined,
  token: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/json" };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!HEADERS_CALLERS_MAY_NOT_SET.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  if (body !== undefined) {
    headers["content-type"] ??= request.method === "PATCH" ? "application/merge-patch+json" : "application/json";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return headers;
}

function parseJsonBody<T>(raw: Buffer, target: ClusterTarget): T {
  if (raw.length === 0) return null as T;
  try {
    return JSON.parse(raw.toString("utf8")) as T;
  } catch {
    throw clusterError(target, "answered with something that is not JSON");
  }
}

// ---------------------------------------------------------------------------------------------
// Errors: our own words only. Raw errors can carry addresses, headers and bodies.

function clusterError(target: ClusterTarget, problem: string): AppError {
  return new AppError("CLUSTER_UNREACHABLE", `The cluster at ${target.hostname} ${problem}`);
}

const TLS_ERROR_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

function toClusterError(error: unknown, target: ClusterTarget): AppError {
  if (error instanceof AppError) return error;
  const code =
    typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  if (code === "ECONNREFUSED") return clusterError(target, "refused the connection");
  if (code === "ECONNRESET") return clusterError(target, "closed the connection");
  if (code === "ETIMEDOUT") return clusterError(target, "did not accept a connection in time");
  if (TLS_ERROR_CODE.test(code))
    return clusterError(target, `presented a TLS certificate that could not be verified (${code})`);
  return clusterError(target, code ? `could not be reached (${code})` : "could not be reached");
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
