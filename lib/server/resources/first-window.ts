/**
 * The first screen of a list page, rendered on the server (docs/resource-views.md, "The first
 * screen"): the first rows of the page's own subscription, read from the watch hub's cache when
 * that cache has already listed, so the HTML holds them and the browser paints rows before its
 * socket even connects. Authorized exactly like the subscription (planLiveView). Never waits: a
 * view whose first list is still running renders without rows, and the subscription fills them.
 */
import type { WatchSubscribeRequest } from "@/lib/realtime/contract";
import type { FirstWindow } from "@/lib/realtime/list-request";
import type { SourceState } from "@/lib/realtime/live-list";
import type { UpstreamStatus } from "@/lib/wire/watch";
import type { OrgContext } from "../auth/actor";
import { getWatchHub, type WatchHandle } from "../k8s/watch-hub";
import { log } from "../logger";
import { planLiveView, type LiveViewPlan } from "./live-view-plan";
import { windowOfPlan } from "./live-views";

/** Rows rendered into the HTML: a screenful and then some; the live window brings the rest. */
export const FIRST_WINDOW_ROWS = 50;

/** The first rows of `request`'s window from the cache, or null (not listed yet, refused, not windowed). */
export async function firstWindowFromCache(
  context: OrgContext,
  request: WatchSubscribeRequest,
  key: string,
): Promise<FirstWindow | null> {
  if (!request.query) return null;
  let plan: LiveViewPlan;
  try {
    plan = await planLiveView(context, request);
  } catch {
    return null; // the subscription says why, in the page's own words
  }
  if (plan.refused.length > 0 || !plan.window) return null;
  const handles: WatchHandle[] = [];
  try {
    // Acquiring opens the upstream when nobody watches it yet: its first list starts now, during
    // the server render, rather than after hydration. Released below, it lingers for the socket.
    for (const source of plan.sources) handles.push(getWatchHub().acquire(source.spec));
    const statuses = await Promise.all(handles.map((handle) => syncedAlready(handle)));
    if (statuses.some((status) => status === undefined)) return null;
    const window = windowOfPlan(
      plan,
      handles.map((handle) => handle.snapshot().rows),
    );
    return {
      key,
      offset: plan.window.offset,
      total: window.total,
      rows: window.entries
        .slice(0, FIRST_WINDOW_ROWS)
        .map(({ row, clusterId }) => (clusterId === undefined ? row : { ...row, clusterId })),
      sources: (statuses as UpstreamStatus[]).map((status, index) => sourceState(plan, index, status)),
      renderedAt: Date.now(),
    };
  } catch (error) {
    log.warn("a list's first window could not be rendered", {
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  } finally {
    for (const handle of handles) handle.release();
  }
}

/** The upstream's status when its first list is done, without waiting for it. */
async function syncedAlready(handle: WatchHandle): Promise<UpstreamStatus | undefined> {
  // firstSync() is the same promise for every caller; once settled it wins the race.
  return Promise.race([handle.firstSync(), Promise.resolve(undefined)]);
}

function sourceState(plan: LiveViewPlan, index: number, status: UpstreamStatus): SourceState {
  const source = plan.sources[index]!;
  return {
    state: status.state,
    since: status.since,
    ...(status.reason && { code: status.reason.code, reason: status.reason.message }),
    ...(plan.crossCluster && { clusterId: source.clusterId }),
    ...(source.spec.namespace !== undefined && { namespace: source.spec.namespace }),
  };
}
