import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { log } from "../logger";
import { renderMetrics } from "../metrics";

export const METRICS_PATH = "/metrics";

/**
 * Who may read /metrics (docs/security.md, "Metrics"): with a token configured, whoever sends it
 * as a Bearer token; without one, only loopback. Loopback means the TCP peer itself — never a
 * forwarded address, which a trusted proxy would set to the outside caller's. Never the session:
 * a scraper is not a user.
 */
export function mayReadMetrics(
  peerAddress: string | undefined,
  authorization: string | undefined,
  token: string | undefined,
): boolean {
  if (token) return bearerMatches(authorization, token);
  return isLoopback(peerAddress);
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || /^127\./.test(address) || /^::ffff:127\./.test(address);
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  // Constant time over the expected length; a different length fails without a timing hint about content.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Serve /metrics from server.ts, before Next. Returns false for any other path. */
export function serveMetrics(request: IncomingMessage, response: ServerResponse, token: string | undefined): boolean {
  const path = (request.url ?? "").split("?")[0];
  if (path !== METRICS_PATH) return false;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return true;
  }
  if (!mayReadMetrics(request.socket.remoteAddress, request.headers.authorization, token)) {
    response.writeHead(token ? 401 : 403, { "Content-Type": "text/plain", "Cache-Control": "no-store" });
    response.end(token ? "A valid metrics token is required.\n" : "Metrics are served to loopback only.\n");
    return true;
  }
  renderMetrics()
    .then(({ contentType, body }) => {
      response.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" });
      response.end(request.method === "HEAD" ? undefined : body);
    })
    .catch((error: unknown) => {
      log.error("metrics could not be rendered", { error: String(error) });
      response.writeHead(500).end();
    });
  return true;
}
