import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/contract";
import type { SocketIdentity } from "./authenticate";

/** What the server keeps on each socket: who opened it, refreshed when their access changes. */
export type SocketData = { identity: SocketIdentity; ip: string | null };

type InterServerEvents = Record<string, never>;

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
