import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback, mayReadMetrics, serveMetrics } from "@/lib/server/http/metrics-endpoint";

const TOKEN = "metrics-token-0123456789abcdef";

describe("who may read /metrics", () => {
  it("without a token: the TCP peer must be loopback", () => {
    expect(mayReadMetrics("127.0.0.1", undefined, undefined)).toBe(true);
    expect(mayReadMetrics("::1", undefined, undefined)).toBe(true);
    expect(mayReadMetrics("::ffff:127.0.0.1", undefined, undefined)).toBe(true);
    expect(mayReadMetrics("10.0.0.5", undefined, undefined)).toBe(false);
    expect(mayReadMetrics("::ffff:192.0.2.1", undefined, undefined)).toBe(false);
    expect(mayReadMetrics(undefined, undefined, undefined)).toBe(false);
    expect(isLoopback("1270.0.0.1")).toBe(false);
  });

  it("with a token: every caller, loopback included, must send exactly it as a Bearer token", () => {
    expect(mayReadMetrics("203.0.113.9", `Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(mayReadMetrics("127.0.0.1", undefined, TOKEN)).toBe(false);
    expect(mayReadMetrics("127.0.0.1", `Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(mayReadMetrics("127.0.0.1", `Basic ${TOKEN}`, TOKEN)).toBe(false);
    expect(mayReadMetrics("127.0.0.1", `Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
  });
});

describe("the /metrics endpoint", () => {
  let server: Server;
  let url: string;
  let token: string | undefined;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (!serveMetrics(request, response, token)) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("serves the Prometheus text format to loopback, with the engine's series and Node's", async () => {
    token = undefined;
    // A forwarded address never matters: the check reads the socket's own peer.
    const response = await fetch(`${url}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.7" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    for (const series of [
      "# TYPE pilothouse_upstream_watches gauge",
      "# TYPE pilothouse_watch_subscribers gauge",
      "# TYPE pilothouse_watch_events_total counter",
      "# TYPE pilothouse_watch_relists_total counter",
      "# TYPE pilothouse_cluster_request_duration_seconds histogram",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(body).toContain(series);
    }
    expect((await fetch(`${url}/other`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("asks for the token once one is configured", async () => {
    token = TOKEN;
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
