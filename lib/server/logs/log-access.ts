import { AppError } from "@/lib/errors";
import type { OrgContext } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { getClusterConnection } from "../clusters/clients";
import { actingAs } from "../clusters/impersonation";
import { getClusterOrThrow } from "../clusters/service";
import { reviewAccess } from "../k8s/access-review";
import type { ClusterConnection } from "../k8s/connection";
import type { Impersonation } from "../k8s/request";

/** Everything a log view needs to read a cluster as the person asking. */
export type LogAccess = {
  clusterId: string;
  orgId: string;
  credentialVersion: number;
  impersonate?: Impersonation;
  connection: ClusterConnection;
  connect: () => Promise<ClusterConnection>;
};

/**
 * May this person read pod logs here, and as whom? Three checks, every time a viewer subscribes
 * (again after a reconnect) or calls the REST log route: the org role holds `logs.view`, the
 * cluster belongs to the caller's org (getClusterOrThrow is org-scoped, so another org's cluster
 * is NOT_FOUND), and the cluster's RBAC lets the acting identity `get pods/log` in the namespace.
 *
 * This moves onto the cluster-scoped service layer (lib/server/resources/: cluster lookup,
 * connection, acting identity, RBAC with a short cache) when that lands; until then it is the
 * one place the log code authorizes.
 */
export async function authorizeLogs(
  context: OrgContext,
  clusterId: string,
  namespace: string,
  pod?: string,
): Promise<LogAccess> {
  await authorize(context, "logs.view");
  const cluster = await getClusterOrThrow(context.orgId, clusterId);
  const connection = await getClusterConnection(cluster);
  const impersonate = actingAs(cluster, context.actor, context.role);
  const allowed = await reviewAccess(
    connection,
    { verb: "get", resource: "pods", subresource: "log", namespace, ...(pod && { name: pod }) },
    impersonate,
  );
  if (!allowed) {
    const who = impersonate ? `you (${impersonate.user})` : "Pilothouse's credential for this cluster";
    throw new AppError("FORBIDDEN", `The cluster does not allow ${who} to read pod logs in namespace ${namespace}.`);
  }
  return {
    clusterId: cluster.id,
    orgId: cluster.orgId,
    credentialVersion: cluster.credentialVersion,
    ...(impersonate && { impersonate }),
    connection,
    connect: () => getClusterConnection(cluster),
  };
}
