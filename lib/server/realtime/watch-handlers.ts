import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { WatchSubscribeRequest } from "@/lib/realtime/contract";
import { can } from "@/lib/permissions";
import { planLiveView } from "../resources/live-view-plan";
import { getLiveViews, MAX_SUBSCRIPTIONS_PER_SOCKET } from "../resources/live-views";
import { contextOfIdentity, handleRequest } from "./handle-request";
import type { RealtimeSocket } from "./types";

/**
 * `watch:subscribe` / `watch:unsubscribe` (docs/realtime.md): each subscriber is authorized on
 * its own — role, the cluster in its org, the acting identity's RBAC — before it joins a room.
 */
export function registerWatchHandlers(socket: RealtimeSocket) {
  const views = getLiveViews();
  handleRequest(socket, "watch:subscribe", { permission: "resources.view" }, async (context, request, afterAck) => {
    if (views.countOf(socket) >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      throw new AppError("RATE_LIMITED", `A page may hold at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} live lists.`);
    }
    const plan = await planLiveView(context, request);
    if (!socket.connected) throw new AppError("UNAUTHENTICATED", "The connection closed.");
    const { subscriptionId, deliver } = await views.subscribe(socket, plan);
    requestsOf(socket).set(subscriptionId, request);
    afterAck(deliver);
    return { subscriptionId };
  });
  handleRequest(socket, "watch:unsubscribe", { permission: "resources.view" }, async (_context, { subscriptionId }) => {
    views.unsubscribe(socket, subscriptionId);
    if (!views.subscriptionsOf(socket).some((held) => held.subscriptionId === subscriptionId)) {
      requestsOf(socket).delete(subscriptionId);
    }
    return {};
  });
  socket.on("disconnect", () => views.drop(socket));
}

/**
 * The socket's access changed (role, membership): every subscription is authorized again as if
 * new. One that is refused, or that would now be served by another view (impersonation mode: the
 * role is part of the identity), ends with a final status; the browser subscribes again.
 */
export async function recheckWatchSubscriptions(socket: RealtimeSocket) {
  const views = getLiveViews();
  const held = views.subscriptionsOf(socket);
  await Promise.all(
    held.map(async ({ subscriptionId, key }) => {
      const request = requestsOf(socket).get(subscriptionId);
      const since = new Date().toISOString();
      try {
        const context = contextOfIdentity(socket.data.identity, socket.data.ip, randomUUID());
        if (!can(context.role, "resources.view") || !request) {
          throw new AppError("FORBIDDEN", "Your role no longer allows viewing resources.");
        }
        const plan = await planLiveView(context, request);
        if (plan.key === key) return;
        views.evict(socket, subscriptionId, {
          state: "stale",
          code: "RESUBSCRIBE",
          reason: "Your access changed; subscribe again.",
          since,
        });
      } catch (error) {
        const reason = error instanceof AppError ? error.message : "Your access could not be checked.";
        views.evict(socket, subscriptionId, { state: "stale", code: "FORBIDDEN", reason, since });
      }
      requestsOf(socket).delete(subscriptionId);
    }),
  );
}

function requestsOf(socket: RealtimeSocket): Map<string, WatchSubscribeRequest> {
  return (socket.data.watchRequests ??= new Map());
}
