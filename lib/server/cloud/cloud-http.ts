import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import https from "node:https";
import { rootCertificates } from "node:tls";
import { AppError } from "@/lib/errors";
import { getConfig } from "../config/env";
import { type AllowedNetworks, canonicalCidr, resolveClusterTarget } from "../k8s/outbound-policy";
import { PinnedAgent } from "../k8s/pinned-agent";

/**
 * The one HTTP path from Pilothouse to a cloud's token service (docs/cloud-clusters.md). The
 * SDKs (AWS, Google, Azure) are handed adapters around `send`, so every call they make goes
 * through the same outbound policy as a cluster: only the endpoints the connector was given,
 * resolved and vetted by us (metadata and link-local addresses always refused), pinned to the
 * vetted address, no redirects followed, a total deadline and a cap on what is read.
 */

export const CLOUD_REQUEST_TIMEOUT_MS = 10_000;
export const CLOUD_MAX_RESPONSE_BYTES = 1024 * 1024;
/** DNS is re-vetted when an agent ages out, as for cluster connections. */
const AGENT_TTL_MS = 5 * 60_000;
const MAX_CACHED_AGENTS = 64;

export type CloudEndpoint = { url: string; label: string };
export type CloudCall = {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
};
export type CloudReply = { status: number; headers: Record<string, string>; body: Buffer };
export type CloudSend = ((call: CloudCall) => Promise<CloudReply>) & {
  /**
   * The last refusal or network failure in our words. Some SDKs keep only the message of the
   * error their transport threw (@azure/identity), so the error mapping asks here.
   */
  lastFailure(): AppError | undefined;
};

/**
 * A sender that only talks to the origins of `endpoints`, at addresses the outbound policy lets
 * this org reach (`allowed`: the operator's networks and the org's grants).
 */
export function cloudTransport(endpoints: readonly CloudEndpoint[], allowed: AllowedNetworks): CloudSend {
  const labels = new Map(endpoints.map((endpoint) => [new URL(endpoint.url).origin, endpoint.label]));
  let failure: AppError | undefined;
  const sendAllowed = async (call: CloudCall) => {
    const url = new URL(call.url);
    const label = labels.get(url.origin);
    if (!label) {
      throw new AppError(
        "CLUSTER_UNREACHABLE",
        `Pilothouse refused to send a token request to ${url.hostname}: it is not an endpoint this connector may use`,
      );
    }
    const agent = await agentFor(url.origin, label, allowed);
    return send(agent, url, call, label);
  };
  return Object.assign(
    async (call: CloudCall) => {
      try {
        return await sendAllowed(call);
      } catch (error) {
        if (error instanceof AppError) failure = error;
        throw error;
      }
    },
    { lastFailure: () => failure },
  );
}

// ---------------------------------------------------------------------------------------------

type CachedAgent = { agent: Promise<PinnedAgent>; createdAt: number };
const globalForAgents = globalThis as unknown as { pilothouseCloudAgents?: Map<string, CachedAgent> };
const agents: Map<string, CachedAgent> = (globalForAgents.pilothouseCloudAgents ??= new Map());

/**
 * Agents hold no identity (no client certificate), so connectors share one per origin; but an
 * agent is pinned to an address vetted under one set of allowed networks, so orgs with different
 * grants get their own (one org's grant must not open an address to another).
 */
function agentFor(origin: string, label: string, allowed: AllowedNetworks): Promise<PinnedAgent> {
  const key = `${origin} ${networksKey(allowed)}`;
  const cached = agents.get(key);
  if (cached && Date.now() - cached.createdAt < AGENT_TTL_MS) return cached.agent;
  dropAgent(key);
  if (agents.size >= MAX_CACHED_AGENTS) dropAgent(agents.keys().next().value!);
  const agent = openAgent(origin, label, allowed);
  agents.set(key, { agent, createdAt: Date.now() });
  agent.catch(() => agents.delete(key));
  return agent;
}

function networksKey(allowed: AllowedNetworks): string {
  return allowed
    .map((network) => `${canonicalCidr(network)}:${(network[2] ?? []).join(",")}`)
    .sort()
    .join(";");
}

async function openAgent(origin: string, label: string, allowed: AllowedNetworks): Promise<PinnedAgent> {
  const config = getConfig();
  const target = await resolveClusterTarget(origin, { allowed, subject: `The endpoint of ${label}` });
  const extraCa = config.PILOTHOUSE_CLOUD_CA_FILE ? readCaFile(config.PILOTHOUSE_CLOUD_CA_FILE) : undefined;
  return new PinnedAgent({
    target,
    ...(extraCa && { ca: [...rootCertificates, extraCa].join("\n") }),
    keepAlive: true,
    maxSockets: 8,
  });
}

function dropAgent(key: string) {
  const entry = agents.get(key);
  agents.delete(key);
  void entry?.agent.then((agent) => agent.destroy()).catch(() => undefined);
}

/** Forget every pinned agent (tests that change the outbound configuration). */
export function resetCloudAgents() {
  for (const key of [...agents.keys()]) dropAgent(key);
}

function readCaFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new AppError("INTERNAL", "PILOTHOUSE_CLOUD_CA_FILE could not be read");
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * A kept-alive socket the token service closed while idle fails the next request at once
 * (ECONNRESET on a reused socket); that request never reached the service, so it is sent again
 * once on a fresh connection (Node's documented pattern, `request.reusedSocket`).
 */
function send(agent: PinnedAgent, url: URL, call: CloudCall, label: string, retried = false): Promise<CloudReply> {
  const failed = (problem: string) =>
    new AppError("CLUSTER_UNREACHABLE", `Pilothouse could not reach ${label} at ${url.hostname}: ${problem}`);
  return new Promise((resolve, reject) => {
    const req = https.request({
      protocol: "https:",
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port === "" ? 443 : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: call.method,
      headers: withoutHopHeaders(call.headers, call.body),
      agent,
    });
    const deadline = setTimeout(
      () => req.destroy(failed(`no answer within ${CLOUD_REQUEST_TIMEOUT_MS / 1000} s`)),
      CLOUD_REQUEST_TIMEOUT_MS,
    );
    req.once("error", (error) => {
      clearTimeout(deadline);
      if (!retried && req.reusedSocket && errorCode(error) === "ECONNRESET") {
        resolve(send(agent, url, call, label, true));
        return;
      }
      reject(error instanceof AppError ? error : failed(networkProblem(error)));
    });
    req.once("response", (res) => {
      readCapped(res).then(
        (body) => {
          clearTimeout(deadline);
          resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res), body });
        },
        () => {
          clearTimeout(deadline);
          req.destroy();
          reject(failed(`the answer was larger than ${CLOUD_MAX_RESPONSE_BYTES / 1024} KiB or broke off`));
        },
      );
    });
    req.end(call.body === undefined ? undefined : Buffer.from(call.body));
  });
}

async function readCapped(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > CLOUD_MAX_RESPONSE_BYTES) throw new Error("too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Node sets these itself; an SDK's copy could disagree with the body we actually send. */
function withoutHopHeaders(headers: Readonly<Record<string, string>>, body: CloudCall["body"]) {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === "host" || lower === "connection" || lower === "transfer-encoding") continue;
    result[lower] = value;
  }
  if (body !== undefined) result["content-length"] = String(Buffer.byteLength(body));
  return result;
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return result;
}

function errorCode(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
}

function networkProblem(error: unknown): string {
  const code = errorCode(error);
  if (code === "ECONNREFUSED") return "the connection was refused";
  if (code === "ECONNRESET") return "the connection was closed";
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code))
    return `its TLS certificate could not be verified (${code})`;
  return code ? `network error ${code}` : "network error";
}
