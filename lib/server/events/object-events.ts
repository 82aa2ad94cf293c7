import type { RecordedEventJson } from "@/lib/resources/recorded-events";
import type { OrgContext } from "../auth/actor";
import { authorizeEventHistory } from "./event-access";
import { queryEvents } from "./event-history";

/** Recorded events one detail page reads at most, newest first. */
export const MAX_OBJECT_EVENTS = 200;

/**
 * One object's recorded events (the detail page's Events tab merges them with the live ones), as
 * the events REST would answer them: the same access rule (event-access.ts), the same rows.
 */
export async function objectEventHistory(
  context: OrgContext,
  target: { clusterId: string; namespace?: string; kind: string; name: string },
): Promise<RecordedEventJson[]> {
  await authorizeEventHistory(context, target.clusterId, target.namespace);
  return queryEvents(target.clusterId, {
    ...(target.namespace && { namespace: target.namespace }),
    kind: target.kind,
    name: target.name,
    limit: MAX_OBJECT_EVENTS,
  });
}
