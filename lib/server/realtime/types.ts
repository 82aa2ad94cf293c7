import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, WatchSubscribeRequest } from "@/lib/realtime/contract";
import type { SocketIdentity } from "./authenticate";
import type { LiveAggregate } from "../aggregates/live-aggregate";
import type { HeldLogView } from "./logs";

/** What the server keeps on each socket: who opened it, refreshed when their access changes. */
export type SocketData = {
  identity: SocketIdentity;
  ip: string | null;
  /** What each live subscription asked, so it can be authorized again when access changes. */
  watchRequests?: Map<string, WatchSubscribeRequest>;
  /** The log views it follows, by subscription id, with what each asked (realtime/logs.ts). */
  logViews?: Map<string, HeldLogView>;
  /** The timer that authorizes its log views again while it follows any. */
  logRecheck?: NodeJS.Timeout;
  /** Presence rooms this socket is in (room → view id), so a disconnect can tell those left behind. */
  presenceRooms?: Map<string, string>;
  /** The live aggregates it follows, by subscription id (realtime/aggregate-handlers.ts). */
  aggregates?: Map<string, LiveAggregate<Record<string, unknown>>>;
};

type InterServerEvents = Record<string, never>;

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
