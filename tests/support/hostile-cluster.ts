/**
 * A hostile "cluster": an HTTPS server on 127.0.0.1 that answers every path with a JSON body of
 * the size it is told (a real kube-apiserver cannot be made to answer /version with megabytes,
 * so this is the one place a stand-in is the honest tool). It counts requests, the most that
 * were open at once, and can hold answers until released, so tests can see concurrency limits.
 * Used by the integration tests and by bench/hostile-clusters.ts.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { Duplex } from "node:stream";
import path from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/kubeconfig");

/** The CA that signed the stand-in's certificate (valid for 127.0.0.1 and localhost). */
export const HOSTILE_CA_PEM = readFileSync(path.join(FIXTURES, "ca.crt"), "utf8");

export type HostileCluster = {
  url: string;
  /** Requests received, by path (query removed). */
  paths: () => string[];
  /** The most requests that were in progress at the same time. */
  maxConcurrent: () => number;
  /** Let held answers go (and stop holding new ones). */
  release: () => void;
  /** Resolves once `count` requests are in progress. */
  waitForInProgress: (count: number) => Promise<void>;
  close: () => Promise<void>;
};

export async function startHostileCluster(options: {
  /** Size of the JSON answers, in bytes (the padding of a small object), for every path or per path. */
  bodyBytes: number | ((path: string) => number);
  /** Hold every answer until release() (default: answer at once). */
  hold?: boolean;
  /** Send Content-Length (default) or stream chunked with no declared length. */
  declareLength?: boolean;
}): Promise<HostileCluster> {
  const bodies = new Map<number, Buffer>();
  const bodyOf = (urlPath: string) => {
    const size = typeof options.bodyBytes === "number" ? options.bodyBytes : options.bodyBytes(urlPath);
    if (!bodies.has(size)) bodies.set(size, jsonOfSize(size));
    return bodies.get(size)!;
  };
  const seen: string[] = [];
  const sockets = new Set<Duplex>();
  const held: (() => void)[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let holding = options.hold === true;
  let inProgress = 0;
  let maxConcurrent = 0;

  const server: Server = createServer(
    { cert: readFileSync(path.join(FIXTURES, "server.crt")), key: readFileSync(path.join(FIXTURES, "server.key")) },
    (req, res) => {
      const urlPath = (req.url ?? "").split("?")[0]!;
      seen.push(urlPath);
      inProgress += 1;
      maxConcurrent = Math.max(maxConcurrent, inProgress);
      for (const waiter of waiters.filter((entry) => inProgress >= entry.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      res.once("close", () => (inProgress -= 1));
      req.resume();
      const answer = () => {
        const body = bodyOf(urlPath);
        const headers: Record<string, string | number> = { "content-type": "application/json" };
        if (options.declareLength !== false) headers["content-length"] = body.length;
        res.writeHead(200, headers);
        res.end(body);
      };
      if (holding) held.push(answer);
      else answer();
    },
  );
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://127.0.0.1:${port}`,
    paths: () => [...seen],
    maxConcurrent: () => maxConcurrent,
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    waitForInProgress: (count) =>
      inProgress >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An answer every caller accepts as a /version, an access review and a rules review, padded to `bytes`. */
function jsonOfSize(bytes: number): Buffer {
  const padding = "x".repeat(Math.max(0, bytes - 80));
  return Buffer.from(JSON.stringify({ kind: "Status", gitVersion: "v1.20.2", status: { allowed: true }, padding }));
}
