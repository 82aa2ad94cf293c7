import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { log } from "../logger";

const globalForRealtime = globalThis as unknown as { pilothouseRealtime?: Server };

/**
 * socket.io on the same HTTP server as Next. `cors` does not stop cross-site WebSocket hijacking,
 * so the handshake's Origin must be our own origin before anything else happens (SECURITY.md §3).
 */
export function attachRealtime(httpServer: HttpServer, appUrl: string, { dev = false } = {}): Server {
  const allowedOrigin = new URL(appUrl).origin;
  const io = new Server(httpServer, {
    path: "/socket.io",
    transports: ["websocket"],
    serveClient: false,
    // Next's dev server handles its own HMR upgrades on this server; leave them alone.
    destroyUpgrade: !dev,
    allowRequest: (request, callback) => callback(null, isSameOrigin(request, allowedOrigin)),
  });
  io.on("connection", (socket) => log.debug("socket connected", { id: socket.id }));
  globalForRealtime.pilothouseRealtime = io;
  return io;
}

export function getRealtime(): Server | undefined {
  return globalForRealtime.pilothouseRealtime;
}

export function isSameOrigin(request: IncomingMessage, allowedOrigin: string): boolean {
  const origin = request.headers.origin;
  return typeof origin === "string" && origin === allowedOrigin;
}
