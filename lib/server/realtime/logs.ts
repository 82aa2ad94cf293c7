import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { LogsStatusPayload, LogsSubscribeRequest } from "@/lib/realtime/contract";
import type { OrgContext } from "../auth/actor";
import { authorizeLogs, type LogAccess } from "../logs/log-access";
import { getLogHub, type LogBatch, type LogHandle, type LogHub, type LogStatus, type LogTarget } from "../logs/log-hub";
import { resolveContainer } from "../logs/pod-containers";
import { workloadSelector } from "../logs/workload-selector";
import { can } from "@/lib/permissions";
import { contextOfIdentity, handleRequest } from "./handle-request";
import type { RealtimeServer, RealtimeSocket } from "./types";

/**
 * `logs:subscribe` / `logs:unsubscribe` (docs/realtime.md, Logs). Viewers of the same log view
 * share one socket.io room and one subscription id, so each batch is encoded once for all of them.
 * A viewer that reads too slowly (its socket's queue is full) is left out of the room's emits and
 * told "N lines skipped" when it catches up: its memory on the server stays bounded.
 */

/** Frames queued for one socket past which it is "not keeping up" and skips lines. */
export const MAX_QUEUED_FRAMES = 8;
/** Bytes the socket's WebSocket holds unsent past which it is not keeping up either (each socket copies its frames). */
export const MAX_UNSENT_BYTES = 1024 * 1024;
/** Live log subscriptions one socket may hold. */
const MAX_LOG_SUBSCRIPTIONS_PER_SOCKET = 20;

type Member = { subscriptions: number; skipped: number };

/** One log view's room: its id (what viewers hold), its hold on the hub and who is in it. */
class LogRoom {
  readonly id = randomUUID();
  readonly name = `logs:${this.id}`;
  readonly members = new Map<string, Member>();
  private readonly stopListening: () => void;

  constructor(
    readonly handle: LogHandle,
    private readonly io: RealtimeServer,
    private readonly forget: () => void,
  ) {
    this.stopListening = handle.onBatch((batch) => this.deliver(batch));
  }

  /** Backlog to this socket only, then into the room in the same tick: no gap, no repeat. */
  admit(socket: RealtimeSocket, sinceTime?: string) {
    const member = this.members.get(socket.id);
    if (member) {
      member.subscriptions += 1;
      return;
    }
    const backlog = this.handle.backlog().filter((line) => !sinceTime || !line.ts || line.ts > sinceTime);
    if (backlog.length > 0) socket.emit("logs:lines", { subscriptionId: this.id, lines: backlog });
    void socket.join(this.name);
    this.members.set(socket.id, { subscriptions: 1, skipped: 0 });
  }

  leave(socket: RealtimeSocket, all = false) {
    const member = this.members.get(socket.id);
    if (!member) return;
    member.subscriptions -= 1;
    if (member.subscriptions > 0 && !all) return;
    this.members.delete(socket.id);
    void socket.leave(this.name);
    if (this.members.size > 0) return;
    this.stopListening();
    this.handle.release();
    this.forget();
  }

  private deliver(batch: LogBatch) {
    const lagging = this.sortLaggards(batch.lines.length);
    const [before, after] = splitStatuses(batch.statuses);
    for (const status of before) this.io.to(this.name).emit("logs:status", this.statusPayload(status));
    if (batch.lines.length > 0) {
      this.io.to(this.name).except(lagging).emit("logs:lines", { subscriptionId: this.id, lines: batch.lines });
    }
    for (const status of after) this.io.to(this.name).emit("logs:status", this.statusPayload(status));
  }

  /**
   * Who cannot take this batch: they skip its lines. One who caught up hears how many it missed
   * before it gets lines again.
   */
  private sortLaggards(lines: number): string[] {
    const lagging: string[] = [];
    for (const [socketId, member] of this.members) {
      const socket = this.io.sockets.sockets.get(socketId);
      if (!socket) continue;
      if (isBehind(socket)) {
        member.skipped += lines;
        lagging.push(socketId);
      } else if (member.skipped > 0) {
        socket.emit("logs:status", { subscriptionId: this.id, kind: "skipped", count: member.skipped });
        member.skipped = 0;
      }
    }
    return lagging;
  }

  private statusPayload(status: LogStatus): LogsStatusPayload {
    return { subscriptionId: this.id, ...status };
  }
}

/** "left" follows the batch's lines (they may be the pod's last); the rest precede them. */
function splitStatuses(statuses: LogStatus[]): [LogStatus[], LogStatus[]] {
  return [statuses.filter((status) => status.kind !== "left"), statuses.filter((status) => status.kind === "left")];
}

/**
 * Is this socket not keeping up? Packets engine.io holds because its transport is still busy with
 * earlier ones, or bytes the WebSocket (`ws`'s public bufferedAmount) has not handed to the kernel.
 */
function isBehind(socket: RealtimeSocket): boolean {
  const connection = socket.conn as unknown as {
    writeBuffer?: unknown[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  const frames = connection.writeBuffer?.length ?? 0;
  const unsent = connection.transport?.socket?.bufferedAmount ?? 0;
  return frames >= MAX_QUEUED_FRAMES || unsent >= MAX_UNSENT_BYTES;
}

/** Rooms by view key and by id, per process. */
const rooms = new Map<string, LogRoom>();
const roomsById = new Map<string, LogRoom>();

function roomFor(io: RealtimeServer, handle: LogHandle): LogRoom {
  const existing = rooms.get(handle.key);
  if (existing) {
    handle.release(); // the room already holds the view
    return existing;
  }
  const room = new LogRoom(handle, io, () => {
    rooms.delete(handle.key);
    roomsById.delete(room.id);
  });
  rooms.set(handle.key, room);
  roomsById.set(room.id, room);
  return room;
}

/** What one log subscription reads: a pod's container, or a selector (a workload's, resolved now). */
export async function logTarget(access: LogAccess, request: LogsSubscribeRequest): Promise<LogTarget> {
  const { connection, impersonate } = access;
  if (request.pod) {
    const container = await resolveContainer(
      connection,
      impersonate,
      request.namespace,
      request.pod,
      request.container,
    );
    return { pod: request.pod, container };
  }
  const labelSelector = request.workload
    ? await workloadSelector(connection, impersonate, request.namespace, request.workload)
    : request.labelSelector!;
  return { labelSelector, ...(request.container && { container: request.container }) };
}

export async function openLogView(hub: LogHub, context: OrgContext, request: LogsSubscribeRequest) {
  return (await openLogViewFor(hub, context, request)).handle;
}

/** Who reads the cluster for this view: a recheck that finds another identity ends the subscription. */
function identityOf(access: LogAccess): string {
  return JSON.stringify([access.clusterId, access.credentialVersion, access.impersonate ?? null]);
}

async function openLogViewFor(hub: LogHub, context: OrgContext, request: LogsSubscribeRequest) {
  const access = await authorizeLogs(context, request.clusterId, request.namespace, request.pod);
  const target = await logTarget(access, request);
  const handle = hub.acquire({
    clusterId: access.clusterId,
    orgId: access.orgId,
    credentialVersion: access.credentialVersion,
    impersonate: access.impersonate,
    namespace: request.namespace,
    target,
    options: { tailLines: request.tailLines, sinceSeconds: request.sinceSeconds, previous: request.previous },
    connect: access.connect,
  });
  return { handle, identity: identityOf(access) };
}

/** What one socket holds in one log room: how many times it subscribed, and what it asked as whom. */
export type HeldLogView = { count: number; request: LogsSubscribeRequest; identity: string };

/** How often open log views are authorized again, so RBAC revoked on the cluster ends them too. */
export const LOG_RECHECK_EVERY_MS = 60_000;

export function registerLogHandlers(socket: RealtimeSocket) {
  const io = socket.nsp.server as unknown as RealtimeServer;
  const held = heldBy(socket);

  handleRequest(socket, "logs:subscribe", { permission: "logs.view" }, async (context, request) => {
    const count = [...held.values()].reduce((sum, view) => sum + view.count, 0);
    if (count >= MAX_LOG_SUBSCRIPTIONS_PER_SOCKET) {
      throw new AppError("RATE_LIMITED", `A page may follow at most ${MAX_LOG_SUBSCRIPTIONS_PER_SOCKET} logs at once`);
    }
    const { handle, identity } = await openLogViewFor(getLogHub(), context, request);
    if (socket.disconnected) {
      handle.release();
      throw new AppError("UNAVAILABLE", "The connection closed");
    }
    const room = roomFor(io, handle);
    room.admit(socket, request.sinceTime);
    const previous = held.get(room.id);
    held.set(room.id, { count: (previous?.count ?? 0) + 1, request, identity });
    watchForRevocation(socket);
    return { subscriptionId: room.id };
  });

  handleRequest(socket, "logs:unsubscribe", { permission: "logs.view" }, async (_context, { subscriptionId }) => {
    const view = held.get(subscriptionId);
    if (!view) throw new AppError("NOT_FOUND", "No such log subscription on this connection");
    if (view.count > 1) view.count -= 1;
    else held.delete(subscriptionId);
    roomsById.get(subscriptionId)?.leave(socket);
    return {};
  });

  socket.on("disconnect", () => {
    for (const subscriptionId of held.keys()) roomsById.get(subscriptionId)?.leave(socket, true);
    held.clear();
    clearInterval(socket.data.logRecheck);
  });
}

function heldBy(socket: RealtimeSocket): Map<string, HeldLogView> {
  return (socket.data.logViews ??= new Map());
}

/** While a socket follows logs, its access is checked again now and then (RBAC changes on the cluster tell nobody). */
function watchForRevocation(socket: RealtimeSocket) {
  if (socket.data.logRecheck) return;
  socket.data.logRecheck = setInterval(() => void recheckLogSubscriptions(socket), LOG_RECHECK_EVERY_MS);
  socket.data.logRecheck.unref();
}

/**
 * The socket's access changed, or it is time to look again: every log view it follows is
 * authorized again as if new (role, cluster, `get pods/log` as the acting identity). A refused
 * one ends with a final error status; one that would now read as another identity (impersonation:
 * the role is in it) ends with RESUBSCRIBE, and the browser subscribes again.
 */
export async function recheckLogSubscriptions(socket: RealtimeSocket) {
  const held = heldBy(socket);
  await Promise.all(
    [...held.entries()].map(async ([subscriptionId, view]) => {
      let ending: Pick<LogsStatusPayload, "code" | "message">;
      try {
        const context = contextOfIdentity(socket.data.identity, socket.data.ip, randomUUID());
        if (!can(context.role, "logs.view"))
          throw new AppError("FORBIDDEN", "Your role no longer allows reading logs.");
        const access = await authorizeLogs(context, view.request.clusterId, view.request.namespace, view.request.pod);
        if (identityOf(access) === view.identity) return;
        ending = { code: "RESUBSCRIBE", message: "Your access changed; subscribe again." };
      } catch (error) {
        const message = error instanceof AppError ? error.message : "Your access could not be checked.";
        ending = { code: "FORBIDDEN", message };
      }
      // Gone meanwhile (unsubscribed while the check ran): nothing to end.
      if (held.get(subscriptionId) !== view) return;
      held.delete(subscriptionId);
      roomsById.get(subscriptionId)?.leave(socket, true);
      socket.emit("logs:status", { subscriptionId, kind: "error", ...ending });
    }),
  );
}
