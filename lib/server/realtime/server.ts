import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import {
  type AccessChangedPayload,
  REALTIME_PATH,
  type ServerEvent,
  type ServerToClientEvents,
} from "@/lib/realtime/contract";
import { clientAddress, type TrustedProxies } from "../http/client-address";
import { getDb } from "../db/client";
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
export function attachRealtime(
  httpServer: HttpServer,
  appUrl: string,
  { dev = false, trustedProxies = [] as TrustedProxies } = {},
): RealtimeServer {
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
        // The same client address as HTTP requests get (X-Forwarded-For only from trusted proxies).
        const { request } = socket;
        socket.data.ip = clientAddress(
          request.socket.remoteAddress,
          request.headers["x-forwarded-for"],
          trustedProxies,
        );
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
    if (identity.sessionId) void socket.join(sessionRoom(identity.sessionId));
    if (identity.orgId && identity.role) void socket.join(orgRoom(identity.orgId));
    for (const register of SOCKET_HANDLERS) register(socket);
  });
  const sweep = setInterval(() => {
    sweepEndedSockets(io).catch((error: unknown) => log.warn("socket sweep failed", { error: String(error) }));
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  httpServer.once("close", () => clearInterval(sweep));
  globalForRealtime.pilothouseRealtime = io;
  return io;
}

/** How often open sockets are checked against their sessions and tokens (expiry, sign-out elsewhere). */
const SWEEP_INTERVAL_MS = 60_000;
/** Ids per database query while sweeping. */
const SWEEP_BATCH = 500;

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

function sessionRoom(sessionId: string) {
  return `session:${sessionId}`;
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

/**
 * A sign-out ends its session's sockets at once (docs/security.md §3), not at their next
 * request: each is told, then closed.
 */
export async function disconnectSessions(sessionIds: readonly string[]) {
  const io = getRealtime();
  if (!io || sessionIds.length === 0) return;
  const sockets = await io.in(sessionIds.map(sessionRoom)).fetchSockets();
  for (const socket of sockets) endSocket(socket as unknown as RealtimeSocket);
}

/**
 * Close sockets whose session or API token has expired or is gone (deleted by another replica,
 * by `sign out everywhere`, by expiry): a socket must not outlive the credential that opened it.
 * Runs every minute; exported for tests.
 */
export async function sweepEndedSockets(io: RealtimeServer | undefined = getRealtime()) {
  if (!io) return;
  const sockets = (await io.fetchSockets()) as unknown as RealtimeSocket[];
  const live = await liveCredentials(sockets.map((socket) => socket.data.identity));
  for (const socket of sockets) {
    const { sessionId, tokenId } = socket.data.identity;
    const ended = (sessionId && !live.sessions.has(sessionId)) || (tokenId && !live.tokens.has(tokenId));
    if (ended) endSocket(socket);
  }
}

async function liveCredentials(identities: { sessionId?: string; tokenId?: string }[]) {
  const now = new Date();
  const sessionIds = [...new Set(identities.flatMap((identity) => identity.sessionId ?? []))];
  const tokenIds = [...new Set(identities.flatMap((identity) => identity.tokenId ?? []))];
  const sessions = new Set<string>();
  const tokens = new Set<string>();
  for (let start = 0; start < sessionIds.length; start += SWEEP_BATCH) {
    const rows = await getDb().session.findMany({
      where: { id: { in: sessionIds.slice(start, start + SWEEP_BATCH) }, expires: { gt: now } },
      select: { id: true },
    });
    for (const row of rows) sessions.add(row.id);
  }
  for (let start = 0; start < tokenIds.length; start += SWEEP_BATCH) {
    const rows = await getDb().apiToken.findMany({
      where: {
        id: { in: tokenIds.slice(start, start + SWEEP_BATCH) },
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
      select: { id: true },
    });
    for (const row of rows) tokens.add(row.id);
  }
  return { sessions, tokens };
}

function endSocket(socket: RealtimeSocket) {
  const { orgId } = socket.data.identity;
  if (orgId) socket.emit("access:changed", { orgId, reason: "signed_out" });
  socket.disconnect(true);
}
