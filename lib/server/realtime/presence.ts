import { AppError } from "@/lib/errors";
import {
  MAX_PRESENCE_VIEWERS,
  MAX_PRESENCE_VIEWS,
  type PresenceUpdatePayload,
  type PresenceViewer,
} from "@/lib/realtime/contract";
import { getDb } from "../db/client";
import { log } from "../logger";
import { getView } from "../views/saved-views";
import { handleRequest } from "./handle-request";
import type { RealtimeSocket } from "./types";

/**
 * `presence:join` / `presence:leave` (docs/resource-views.md, Presence). Rooms are per org and
 * view (`presence:<org>:<view>`), so only members who may open the view hear who is on it. A
 * socket leaves with its disconnect: a closed tab is gone from the others' avatars at once.
 */
export function registerPresenceHandlers(socket: RealtimeSocket) {
  handleRequest(socket, "presence:join", { permission: "resources.view" }, async (context, request, afterAck) => {
    // Opening a view is the permission to be seen on it: another org's or a private view is a 404.
    await getView({ orgId: context.orgId, userId: context.actor.userId }, request.viewId);
    const rooms = (socket.data.presenceRooms ??= new Map());
    const room = roomOf(context.orgId, request.viewId);
    if (!rooms.has(room) && rooms.size >= MAX_PRESENCE_VIEWS) {
      throw new AppError("RATE_LIMITED", `At most ${MAX_PRESENCE_VIEWS} shared views can be open at once.`);
    }
    rooms.set(room, request.viewId);
    await socket.join(room);
    const update = await presenceIn(socket, room, request.viewId);
    afterAck(() => socket.to(room).emit("presence:update", update));
    return update;
  });
  handleRequest(socket, "presence:leave", { permission: "resources.view" }, async (context, request) => {
    await leave(socket, roomOf(context.orgId, request.viewId));
    return {};
  });
  socket.on("disconnect", () => {
    for (const room of socket.data.presenceRooms?.keys() ?? []) void announce(socket, room);
    socket.data.presenceRooms?.clear();
  });
}

/** After an access change the socket may work in another org (or none): it leaves views it no longer may see. */
export async function recheckPresence(socket: RealtimeSocket) {
  const { orgId } = socket.data.identity;
  for (const room of [...(socket.data.presenceRooms?.keys() ?? [])]) {
    if (!orgId || !room.startsWith(`presence:${orgId}:`)) await leave(socket, room);
  }
}

function roomOf(orgId: string, viewId: string) {
  return `presence:${orgId}:${viewId}`;
}

async function leave(socket: RealtimeSocket, room: string) {
  if (!socket.data.presenceRooms?.has(room)) return;
  await socket.leave(room);
  await announce(socket, room);
  socket.data.presenceRooms.delete(room);
}

/** Tell everyone still in the room who is there now. */
async function announce(socket: RealtimeSocket, room: string) {
  const viewId = socket.data.presenceRooms?.get(room);
  if (!viewId) return;
  try {
    socket.nsp.to(room).emit("presence:update", await presenceIn(socket, room, viewId));
  } catch (error) {
    log.warn("presence update failed", { error: String(error) });
  }
}

/** Who is in a room: each member once (several tabs are one person), names read fresh, bounded. */
async function presenceIn(socket: RealtimeSocket, room: string, viewId: string): Promise<PresenceUpdatePayload> {
  const sockets = await socket.nsp.in(room).fetchSockets();
  const userIds = [...new Set(sockets.map((other) => other.data.identity.userId))];
  const users = await getDb().user.findMany({
    where: { id: { in: userIds.slice(0, MAX_PRESENCE_VIEWERS) } },
    select: { id: true, name: true, email: true },
    orderBy: { email: "asc" },
  });
  const viewers: PresenceViewer[] = users.map((user) => ({
    userId: user.id,
    name: user.name ?? user.email,
    email: user.email,
  }));
  return { viewId, viewers, total: userIds.length };
}
