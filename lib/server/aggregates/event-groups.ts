/**
 * The events page's groups, computed on the server (docs/resource-views.md, "Events"): the
 * cluster's live events merged with the stored history of the chosen range (1h, 24h, 7d), grouped
 * by involved object with counts, filtered, and cut to the window the page shows. The browser
 * receives a page of groups, never every event.
 */
import type { AggregateSubscribeRequest, EventRange } from "@/lib/realtime/contract";
import {
  eventGroupsWindow,
  isRefused,
  lastSeenMs,
  mergeEventRows,
  type EventGroupsData,
} from "@/lib/resources/aggregates";
import { recordedEventRow } from "@/lib/resources/recorded-events";
import type { ResourceRow } from "@/lib/resources/types";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "../auth/actor";
import { getClusterOrThrow } from "../clusters/service";
import { authorizeEventHistory } from "../events/event-access";
import { MAX_HISTORY_READ, recentEvents } from "../events/event-history";
import type { AggregateOptions } from "./live-aggregate";
import { planInput } from "./inputs";

type EventsRequest = Extract<AggregateSubscribeRequest, { view: "events" }>;

const RANGE_MS: Record<EventRange, number> = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };

export async function planEventGroups(
  context: OrgContext,
  request: EventsRequest,
): Promise<Pick<AggregateOptions<EventGroupsData>, "inputs" | "compute" | "refresh">> {
  const { clusterId, namespaces, warningsOnly } = request;
  await getClusterOrThrow(context.orgId, clusterId);
  const live = await planInput(context, {
    clusterId,
    resource: "events",
    ...(namespaces && { namespaces }),
    ...(warningsOnly && { fieldSelector: "type=Warning" }),
  });
  if (isRefused(live)) throw new AppError("FORBIDDEN", live.refused);
  const historyAllowed = await mayReadHistory(context, clusterId, namespaces);
  let history: ResourceRow[] = [];
  return {
    inputs: new Map([["events", live]]),
    // The history is read again on each tick (30 s): what the cluster forgets meanwhile is still
    // on screen from the live rows until then, and from the history after.
    refresh: async () => {
      if (historyAllowed !== true) return;
      const since = new Date(Date.now() - RANGE_MS[request.range]);
      const recorded = await recentEvents(clusterId, { namespaces, warningsOnly, since });
      history = recorded.map(recordedEventRow);
    },
    compute: (rowsOf, now) => {
      const rows = rowsOf("events");
      const since = now - RANGE_MS[request.range];
      const recent = (isRefused(rows) ? [] : rows).filter((row) => lastSeenMs(row) >= since);
      const merged = mergeEventRows(recent, history);
      return {
        ...eventGroupsWindow(merged, { filter: request.filter, ...request.window }),
        historyEvents: history.length,
        historyCapped: history.length >= MAX_HISTORY_READ,
        ...(historyAllowed !== true && { historyError: historyAllowed }),
      };
    },
  };
}

/** The events REST's rule (event-access.ts) for each namespace asked; true, or why not. */
async function mayReadHistory(
  context: OrgContext,
  clusterId: string,
  namespaces: readonly string[] | undefined,
): Promise<true | string> {
  try {
    for (const namespace of namespaces ?? [undefined]) await authorizeEventHistory(context, clusterId, namespace);
    return true;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}
