"use client";

import { useEffect, useState } from "react";
import { getBrowserSocket, useRealtimeEvent } from "./browser-socket";
import type { PresenceUpdatePayload } from "./contract";

const NOBODY: PresenceUpdatePayload = { viewId: "", viewers: [], total: 0 };

/**
 * Who in the org has this saved view open, live (docs/resource-views.md, Presence). Joins on
 * mount and again after every reconnect (the server forgets a dropped socket), leaves on unmount.
 */
export function usePresence(viewId: string): PresenceUpdatePayload {
  const [presence, setPresence] = useState<PresenceUpdatePayload>(NOBODY);
  useRealtimeEvent("presence:update", (update) => {
    if (update.viewId === viewId) setPresence(update);
  });
  useEffect(() => {
    const socket = getBrowserSocket();
    const join = () =>
      socket.emit("presence:join", { viewId }, (result) => {
        if (result.ok) setPresence({ viewId: result.viewId, viewers: result.viewers, total: result.total });
      });
    if (socket.connected) join();
    socket.on("connect", join);
    return () => {
      socket.off("connect", join);
      socket.emit("presence:leave", { viewId });
    };
  }, [viewId]);
  return presence.viewId === viewId ? presence : NOBODY;
}
