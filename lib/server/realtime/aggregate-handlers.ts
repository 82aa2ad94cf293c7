import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { AggregateSubscribeRequest } from "@/lib/realtime/contract";
import type { OrgContext } from "../auth/actor";
import { planOverview } from "../aggregates/cluster-overview";
import { planEventGroups } from "../aggregates/event-groups";
import { planFleet } from "../aggregates/fleet";
import { LiveAggregate, type AggregateOptions } from "../aggregates/live-aggregate";
import { handleRequest } from "./handle-request";
import type { RealtimeSocket } from "./types";

/** Aggregates one socket may follow at once (a page shows one or two; a bound against a runaway client). */
export const MAX_AGGREGATES_PER_SOCKET = 8;

type Planned = Pick<AggregateOptions<Record<string, unknown>>, "inputs" | "compute" | "refresh">;

/**
 * `aggregate:subscribe` / `aggregate:unsubscribe` (docs/realtime.md, "Aggregates"): each
 * subscriber is authorized like a live list of the rows behind the figures, and receives
 * `aggregate:update` frames of its own — at most one a second, only when the figures changed.
 */
export function registerAggregateHandlers(socket: RealtimeSocket) {
  handleRequest(socket, "aggregate:subscribe", { permission: "resources.view" }, async (context, request, afterAck) => {
    const held = aggregatesOf(socket);
    if (held.size >= MAX_AGGREGATES_PER_SOCKET) {
      throw new AppError("RATE_LIMITED", `A page may follow at most ${MAX_AGGREGATES_PER_SOCKET} live summaries.`);
    }
    const planned = await plan(context, request);
    if (!socket.connected) throw new AppError("UNAUTHENTICATED", "The connection closed.");
    const subscriptionId = randomUUID();
    const aggregate = new LiveAggregate<Record<string, unknown>>({
      ...planned,
      view: request.view,
      emit: (update) => socket.emit("aggregate:update", { subscriptionId, view: request.view, ...update }),
    });
    held.set(subscriptionId, aggregate);
    afterAck(() => void aggregate.start());
    return { subscriptionId };
  });
  handleRequest(socket, "aggregate:unsubscribe", { permission: "resources.view" }, async (_context, request) => {
    aggregatesOf(socket).get(request.subscriptionId)?.stop();
    aggregatesOf(socket).delete(request.subscriptionId);
    return {};
  });
  socket.on("disconnect", () => {
    for (const aggregate of aggregatesOf(socket).values()) aggregate.stop();
    aggregatesOf(socket).clear();
  });
}

/**
 * The socket's access changed: every aggregate ends with a final RESUBSCRIBE, and the page
 * subscribes again, authorized afresh (figures are cheap to plan again; a role change is rare).
 */
export async function recheckAggregates(socket: RealtimeSocket) {
  const since = new Date().toISOString();
  for (const [subscriptionId, aggregate] of aggregatesOf(socket)) {
    aggregate.stop();
    socket.emit("aggregate:update", {
      subscriptionId,
      view: aggregate.view,
      state: "stale",
      since,
      code: "RESUBSCRIBE",
      reason: "Your access changed; subscribe again.",
      data: null,
    });
  }
  aggregatesOf(socket).clear();
}

function plan(context: OrgContext, request: AggregateSubscribeRequest): Promise<Planned> {
  switch (request.view) {
    case "overview":
      return planOverview(context, request);
    case "fleet":
      return planFleet(context);
    case "events":
      return planEventGroups(context, request);
  }
}

function aggregatesOf(socket: RealtimeSocket) {
  return (socket.data.aggregates ??= new Map());
}
