import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { Actor } from "../auth/actor";
import { callCluster, type ClusterConnection, type Impersonation } from "./connection";

type AccessReview = { status?: { allowed?: boolean } };

/**
 * Impersonation mode: the cluster's own RBAC and audit log see the real person, not the shared
 * credential. Users are `pilothouse:<email>`, in the group `pilothouse:<role>` (SECURITY.md §4).
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
  const checks = await Promise.all(["users", "groups"].map((resource) => reviewImpersonation(connection, resource)));
  if (checks.every(Boolean)) return;
  throw new AppError(
    "INVALID_INPUT",
    "impersonate: the stored credential may not impersonate users and groups on this cluster. Grant it the `impersonate` verb on users and groups, or leave impersonation off.",
    "impersonate",
  );
}

async function reviewImpersonation(connection: ClusterConnection, resource: string) {
  const review = await callCluster<AccessReview>(connection, {
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    method: "POST",
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { verb: "impersonate", resource } },
    },
  });
  return review.status?.allowed === true;
}
