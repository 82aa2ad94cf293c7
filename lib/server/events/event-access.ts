import { AppError } from "@/lib/errors";
import type { OrgContext } from "../auth/actor";
import { getClusterConnection } from "../clusters/clients";
import { actingAs } from "../clusters/impersonation";
import { getClusterOrThrow } from "../clusters/service";
import { reviewAccess } from "../k8s/access-review";

/**
 * May this person read the cluster's recorded events? The cluster must be in their org (another
 * org's id is NOT_FOUND). History is recorded as the stored credential, so in impersonation mode
 * the person's own RBAC must also allow `list events` where they ask (docs/logs.md); otherwise
 * the stored credential's view is the org's view, as for every other list.
 *
 * Moves onto the cluster-scoped service layer (lib/server/resources/) when that lands.
 */
export async function authorizeEventHistory(context: OrgContext, clusterId: string, namespace?: string) {
  const cluster = await getClusterOrThrow(context.orgId, clusterId);
  const impersonate = actingAs(cluster, context.actor, context.role);
  if (!impersonate) return cluster;
  const connection = await getClusterConnection(cluster);
  const allowed = await reviewAccess(
    connection,
    { verb: "list", resource: "events", ...(namespace && { namespace }) },
    impersonate,
  );
  if (!allowed) {
    throw new AppError("FORBIDDEN", `The cluster does not allow you (${impersonate.user}) to list events here.`);
  }
  return cluster;
}
