import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import {
  type AccessChangedPayload,
  REALTIME_PATH,
  type ServerEvent,
  type ServerToClientEvents,
} from "@/lib/realtime/contract";
import { log } from "../logger";
import { authenticateHandshake, refreshIdentity } from "./authenticate";
import { SOCKET_HANDLERS } from "./handlers";
import type { RealtimeServer, RealtimeSocket } from "./types";

const globalForRealtime = globalThis as unknown as { pilothouseRealtime?: RealtimeServer };

/**
 * socket.io on the same HTTP server as Next. `cors` does not stop cross-site WebSocket hijacking,
 * so the handshake's Origin must be our own origin before anything else happens, and every
 * socket is authenticated (docs/security.md §3).
 */
export function attachRealtime(httpServer: HttpServer, appUrl: string, { dev = false } = {}): RealtimeServer {
  const allowedOrigin = new URL(appUrl).origin;
  const io: RealtimeServer = new Server(httpServer, {
    path: REALTIME_PATH,
    transports: ["websocket"],
    serveClient: false,
    // Next's dev server handles its own HMR upgrades on this server; leave them alone.
    destroyUpgrade: !dev,
    allowRequest: (request, callback) => callback(null, isSameOrigin(request, allowedOrigin)),
  });
  io.use((socket, next) => {
    authenticateHandshake(socket.request.headers.cookie, socket.handshake.auth)
      .then((identity) => {
        if (!identity) return next(new Error("unauthenticated"));
        socket.data.identity = identity;
        next();
      })
      .catch((error: unknown) => {
        log.error("socket authentication failed", { error: String(error) });
        next(new Error("unavailable"));
      });
  });
  io.on("connection", (socket) => {
    const { identity } = socket.data;
    void socket.join(userRoom(identity.userId));
    if (identity.orgId && identity.role) void socket.join(orgRoom(identity.orgId));
    for (const register of SOCKET_HANDLERS) register(socket);
  });
  globalForRealtime.pilothouseRealtime = io;
  return io;
}

export function getRealtime(): RealtimeServer | undefined {
  return globalForRealtime.pilothouseRealtime;
}

export function isSameOrigin(request: IncomingMessage, allowedOrigin: string): boolean {
  const origin = request.headers.origin;
  return typeof origin === "string" && origin === allowedOrigin;
}

function userRoom(userId: string) {
  return `user:${userId}`;
}

function orgRoom(orgId: string) {
  return `org:${orgId}`;
}

/** Broadcast to every socket working in an org (rooms are server-side names; clients never pick them). */
export function emitToOrg<E extends ServerEvent>(
  orgId: string,
  event: E,
  ...payload: Parameters<ServerToClientEvents[E]>
) {
  getRealtime()
    ?.to(orgRoom(orgId))
    .emit(event, ...payload);
}

/**
 * A user's membership, role or sessions changed: every socket of theirs re-checks its identity
 * against the database; those that lost access are told and closed, the rest are told to refresh.
 */
export async function notifyAccessChanged(userId: string, payload: AccessChangedPayload) {
  const io = getRealtime();
  if (!io) return;
  const sockets = await io.in(userRoom(userId)).fetchSockets();
  await Promise.all(sockets.map((socket) => recheckSocket(socket as unknown as RealtimeSocket, payload)));
}

async function recheckSocket(socket: RealtimeSocket, payload: AccessChangedPayload) {
  const { identity } = socket.data;
  const fresh = await refreshIdentity(identity);
  socket.emit("access:changed", payload);
  if (!fresh || (identity.orgId && !fresh.role)) {
    socket.disconnect(true);
    return;
  }
  socket.data.identity = fresh;
}
