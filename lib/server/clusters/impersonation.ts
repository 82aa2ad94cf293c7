import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { Actor } from "../auth/actor";
import { reviewAccess } from "../k8s/access-review";
import type { ClusterConnection } from "../k8s/connection";
import type { Impersonation } from "../k8s/request";

/**
 * Impersonation mode: the cluster's own RBAC and audit log see the real person, not the shared
 * credential. Users are `pilothouse:<email>`, in the group `pilothouse:<role>` (docs/security.md §4).
 */
export function actingAs(
  cluster: { impersonate: boolean },
  actor: Pick<Actor, "email">,
  role: Role,
): Impersonation | undefined {
  if (!cluster.impersonate) return undefined;
  return { user: `pilothouse:${actor.email}`, groups: [`pilothouse:${role}`] };
}

/** Turning the mode on is refused unless the stored identity may impersonate users and groups. */
export async function assertMayImpersonate(connection: ClusterConnection) {
  const checks = await Promise.all(
    ["users", "groups"].map((resource) => reviewAccess(connection, { verb: "impersonate", resource })),
  );
  if (checks.every(Boolean)) return;
  throw new AppError(
    "INVALID_INPUT",
    "impersonate: the stored credential may not impersonate users and groups on this cluster. Grant it the `impersonate` verb on users and groups, or leave impersonation off.",
    "impersonate",
    // The cluster's RBAC refused: a denial, not bad input (docs/decisions/0063).
    { denied: true },
  );
}
