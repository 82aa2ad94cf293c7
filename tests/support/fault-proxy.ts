/**
 * A loopback HTTPS proxy in front of a REAL test apiserver, for the faults a real apiserver cannot
 * produce on cue: a 410 ERROR event in the middle of a watch, a reset connection, a stalled
 * stream, a 500 or 403 answer, requests held back while the test changes the cluster. Everything
 * else is forwarded byte for byte (the client's bearer token and Impersonate-* headers included),
 * so what the hub sees is the real apiserver's answer. It also counts requests, which is how tests
 * prove that many viewers share one upstream watch.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";

export type RequestKind = "list" | "watch" | "get";

export type SeenRequest = { kind: RequestKind; method: string; path: string; impersonate?: string };

type OpenWatch = { response: ServerResponse; upstream: ReturnType<typeof https.request>; stalled: boolean };

const FIXTURES = path.resolve(__dirname, "../fixtures/kubeconfig");

/** The proxy's own certificate is the test fixture one; clients trust it through this CA. */
export const FAULT_PROXY_CA = readFileSync(path.join(FIXTURES, "ca.crt"), "utf8");

export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;

export async function startFaultProxy(upstream: { server: string; caPem: string }) {
  const target = new URL(upstream.server);
  const seen: SeenRequest[] = [];
  const watches = new Set<OpenWatch>();
  const failures: { kind: RequestKind; status: number; remaining: number }[] = [];
  const held: { kind: RequestKind; go: () => void }[] = [];
  const holding = new Set<RequestKind>();
  const sockets = new Set<Socket>();

  const server = https.createServer(
    { cert: readFileSync(path.join(FIXTURES, "server.crt")), key: readFileSync(path.join(FIXTURES, "server.key")) },
    (request, response) => {
      const kind = kindOf(request);
      seen.push({
        kind,
        method: request.method ?? "GET",
        path: request.url ?? "/",
        ...(typeof request.headers["impersonate-user"] === "string" && {
          impersonate: request.headers["impersonate-user"],
        }),
      });
      const go = () => handle(kind, request, response);
      if (holding.has(kind)) held.push({ kind, go });
      else go();
    },
  );
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  function handle(kind: RequestKind, request: IncomingMessage, response: ServerResponse) {
    const failure = failures.find((entry) => entry.kind === kind && entry.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      return answerStatus(response, failure.status);
    }
    forward(kind, request, response);
  }

  function forward(kind: RequestKind, request: IncomingMessage, response: ServerResponse) {
    const headers = { ...request.headers, host: target.host };
    delete headers.connection;
    const outgoing = https.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: request.url,
        method: request.method,
        headers,
        ca: upstream.caPem,
        agent: false,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        if (kind !== "watch") return void answer.pipe(response);
        const watch: OpenWatch = { response, upstream: outgoing, stalled: false };
        watches.add(watch);
        answer.on("data", (chunk: Buffer) => {
          if (!watch.stalled && !response.destroyed) response.write(chunk);
        });
        answer.on("end", () => {
          if (!watch.stalled) response.end();
        });
        response.once("close", () => watches.delete(watch));
      },
    );
    outgoing.on("error", () => response.destroy());
    // A client that goes away (inactivity timeout, stop) ends the upstream request too.
    response.once("close", () => outgoing.destroy());
    request.pipe(outgoing);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `https://127.0.0.1:${port}`,
    caData: Buffer.from(FAULT_PROXY_CA).toString("base64"),
    requests: () => [...seen],
    count: (kind: RequestKind) => seen.filter((entry) => entry.kind === kind).length,
    openWatches: () => watches.size,
    /** Answer the next `times` requests of this kind with an error Status. */
    failNext(kind: RequestKind, status: number, times = 1) {
      failures.push({ kind, status, remaining: times });
    },
    /** Every open watch receives an ERROR event with this code (410: history expired) and ends. */
    expireWatches(code = 410) {
      for (const watch of watches) {
        watch.stalled = true;
        watch.response.end(`${JSON.stringify({ type: "ERROR", object: statusBody(code) })}\n`);
        watch.upstream.destroy();
      }
      watches.clear();
    },
    /** Every open watch's connection is torn down mid-stream (the client sees ECONNRESET). */
    resetWatches() {
      for (const watch of watches) {
        watch.response.socket?.destroy();
        watch.upstream.destroy();
      }
      watches.clear();
    },
    /** Forget failures not yet used. */
    clearFailures() {
      failures.splice(0);
    },
    /** Open watches stop receiving anything, while their connections stay open. */
    stallWatches() {
      for (const watch of watches) watch.stalled = true;
    },
    /** Requests of this kind wait (counted, unanswered) until release(). */
    hold(kind: RequestKind) {
      holding.add(kind);
    },
    release() {
      holding.clear();
      for (const entry of held.splice(0)) entry.go();
    },
    async close() {
      holding.clear();
      held.splice(0);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function kindOf(request: IncomingMessage): RequestKind {
  const url = new URL(request.url ?? "/", "https://proxy.invalid");
  const watch = url.searchParams.get("watch");
  if (watch === "1" || watch === "true") return "watch";
  return url.searchParams.has("limit") ? "list" : "get";
}

function statusBody(code: number) {
  const reasons: Record<number, string> = { 403: "Forbidden", 410: "Expired", 500: "InternalError" };
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: code === 410 ? "too old resource version: injected by the fault proxy" : "injected by the fault proxy",
    reason: reasons[code] ?? "InternalError",
    code,
  };
}

function answerStatus(response: ServerResponse, code: number) {
  response.writeHead(code, { "content-type": "application/json" });
  response.end(JSON.stringify(statusBody(code)));
}
