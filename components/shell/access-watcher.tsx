"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { io } from "socket.io-client";
import { REALTIME_PATH, SERVER_EVENTS } from "@/lib/realtime/events";

/**
 * Keeps the page honest about access. The server tells this socket when the viewer's role or
 * membership changes, and closes it when they lose access (removed, signed out everywhere);
 * either way the page re-renders from the server, which re-checks everything and redirects
 * to /orgs or /sign-in when there is nothing left to show.
 */
export function AccessWatcher() {
  const router = useRouter();
  useEffect(() => {
    // Same origin: the session cookie goes along with the handshake by itself.
    const socket = io({ path: REALTIME_PATH, transports: ["websocket"] });
    socket.on(SERVER_EVENTS.accessChanged, () => router.refresh());
    socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") router.refresh();
    });
    socket.on("connect_error", (error) => {
      // Refused by the server's authentication (session gone): it will not retry by itself.
      if (!socket.active && error.message === "unauthenticated") router.refresh();
    });
    return () => {
      socket.disconnect();
    };
  }, [router]);
  return null;
}
