/**
 * A loopback HTTPS server for a cloud stand-in (no cloud is reachable here). It presents the
 * test fixtures' server certificate (127.0.0.1, signed by tests/fixtures/kubeconfig/ca.crt),
 * so the product trusts it only through PILOTHOUSE_CLOUD_CA_FILE, as it would a private CA.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/kubeconfig");
/** The CA that signed every stand-in's certificate: what PILOTHOUSE_CLOUD_CA_FILE names in tests. */
export const STAND_IN_CA_FILE = path.join(FIXTURES, "ca.crt");
export const STAND_IN_CA = readFileSync(STAND_IN_CA_FILE, "utf8");

export type StandInRequest = { method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer };
export type StandInReply = { status: number; headers?: Record<string, string>; body: string };
export type StandIn = { url: string; port: number; close: () => Promise<void> };

const MAX_BODY_BYTES = 256 * 1024;

/** On `port` (the browser suite's server must know it before it starts), else any free one. */
export async function startStandIn(
  handle: (request: StandInRequest) => StandInReply | Promise<StandInReply>,
  port = 0,
): Promise<StandIn> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(
    { cert: readFileSync(path.join(FIXTURES, "server.crt")), key: readFileSync(path.join(FIXTURES, "server.key")) },
    (req, res) => void serve(req, res, handle),
  );
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${bound}`,
    port: bound,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: StandInRequest) => StandInReply | Promise<StandInReply>,
) {
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_BODY_BYTES) throw new Error("request body too large");
      chunks.push(chunk);
    }
    const reply = await handle({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      body: Buffer.concat(chunks),
    });
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body);
  } catch (error) {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end(`stand-in failure: ${(error as Error).message}`);
  }
}

/** Fields of an application/x-www-form-urlencoded body. */
export function formOf(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString("utf8"));
}
