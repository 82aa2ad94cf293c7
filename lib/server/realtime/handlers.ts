import { recheckAggregates, registerAggregateHandlers } from "./aggregate-handlers";
import { recheckLogSubscriptions, registerLogHandlers } from "./logs";
import { recheckPresence, registerPresenceHandlers } from "./presence";
import type { RealtimeSocket } from "./types";
import { recheckWatchSubscriptions, registerWatchHandlers } from "./watch-handlers";

/**
 * Every socket feature registers its event handlers here, one line each (watches, logs...).
 * Each handler goes through handleRequest() (./handle-request.ts): parse, re-check the
 * identity, authorize, run, acknowledge.
 */
export const SOCKET_HANDLERS: readonly ((socket: RealtimeSocket) => void)[] = [
  registerWatchHandlers,
  registerLogHandlers,
  registerPresenceHandlers,
  registerAggregateHandlers,
];

/**
 * Run for each socket whose access changed and which kept its connection (role changed): each
 * feature re-authorizes what the socket holds open.
 */
export const ACCESS_RECHECKS: readonly ((socket: RealtimeSocket) => Promise<void>)[] = [
  recheckWatchSubscriptions,
  recheckLogSubscriptions,
  recheckPresence,
  recheckAggregates,
];
