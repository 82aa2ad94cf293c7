import { AppError } from "@/lib/errors";
import type { WatchSubscribeRequest } from "@/lib/realtime/contract";
import type { Refused } from "@/lib/resources/aggregates";
import type { OrgContext } from "../auth/actor";
import { planLiveView, type SourcePlan } from "../resources/live-view-plan";

/**
 * The upstream views one aggregate input reads, authorized exactly as a live list of the same
 * rows would be (planLiveView: the cluster in the caller's org, the kind served, RBAC list and
 * watch as the acting identity). A refusal is the input's answer, not the aggregate's failure:
 * a viewer who may not list nodes still sees the pods.
 */
export async function planInput(
  context: OrgContext,
  request: Omit<WatchSubscribeRequest, "query">,
): Promise<readonly SourcePlan[] | Refused> {
  try {
    return (await planLiveView(context, request)).sources;
  } catch (error) {
    if (error instanceof AppError) return { refused: error.message };
    throw error;
  }
}
