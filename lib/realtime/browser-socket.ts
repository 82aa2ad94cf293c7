"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { io, type Socket } from "socket.io-client";
import { type ClientToServerEvents, REALTIME_PATH, type ServerEvent, type ServerToClientEvents } from "./contract";

export type BrowserSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type UntypedSocket = {
  on(event: string, listener: (...args: unknown[]) => void): void;
  off(event: string, listener: (...args: unknown[]) => void): void;
};

let shared: BrowserSocket | undefined;

/**
 * The page's one socket: every hook shares it, so a page holds one connection however many
 * live lists, health cards and watchers it shows. Same origin, so the session cookie goes along
 * with the handshake by itself.
 */
export function getBrowserSocket(): BrowserSocket {
  shared ??= io({ path: REALTIME_PATH, transports: ["websocket"] });
  return shared;
}

/** Listen to one server event for as long as the component is mounted; the latest handler always runs. */
export function useRealtimeEvent<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]) {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    // socket.io's typed `on` cannot narrow a generic event key; the event map still types `handler`.
    const socket = getBrowserSocket() as unknown as UntypedSocket;
    const listener = (...args: unknown[]) => (latest.current as (...a: unknown[]) => void)(...args);
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [event]);
}

export type ConnectionState = "connected" | "connecting" | "disconnected";

function subscribeToConnection(onChange: () => void) {
  const socket = getBrowserSocket();
  const events = ["connect", "disconnect", "connect_error"] as const;
  for (const name of events) socket.on(name, onChange);
  socket.io.on("reconnect_attempt", onChange);
  return () => {
    for (const name of events) socket.off(name, onChange);
    socket.io.off("reconnect_attempt", onChange);
  };
}

function connectionState(): ConnectionState {
  const socket = getBrowserSocket();
  if (socket.connected) return "connected";
  return socket.active ? "connecting" : "disconnected";
}

/** The socket's state, for indicators that must tell the truth ("live", "reconnecting"). */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribeToConnection, connectionState, () => "connecting");
}
