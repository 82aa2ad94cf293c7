import { registerLogHandlers } from "./logs";
import type { RealtimeSocket } from "./types";

/**
 * Every socket feature registers its event handlers here, one line each (watches, logs...).
 * Each handler goes through handleRequest() (./handle-request.ts): parse, re-check the
 * identity, authorize, run, acknowledge.
 */
export const SOCKET_HANDLERS: readonly ((socket: RealtimeSocket) => void)[] = [registerLogHandlers];
