"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { getBrowserSocket, useRealtimeEvent } from "@/lib/realtime/browser-socket";

/**
 * Keeps the page honest about access. The server tells this page's socket when the viewer's role
 * or membership changes, and closes it when they lose access (removed, signed out everywhere);
 * either way the page re-renders from the server, which re-checks everything and redirects
 * to /orgs or /sign-in when there is nothing left to show.
 */
export function AccessWatcher() {
  const router = useRouter();
  useRealtimeEvent("access:changed", () => router.refresh());
  useEffect(() => {
    const socket = getBrowserSocket();
    const onDisconnect = (reason: string) => {
      if (reason !== "io server disconnect") return;
      router.refresh();
      // The server closed this socket because access changed; if some access is left, the page's
      // live views need the socket back, and a refused handshake lands in onConnectError.
      socket.connect();
    };
    const onConnectError = (error: Error) => {
      // Refused by the server's authentication (session gone): it will not retry by itself.
      if (!socket.active && error.message === "unauthenticated") router.refresh();
    };
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    return () => {
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
    };
  }, [router]);
  return null;
}
