/**
 * What an object's detail page needs before it subscribes (docs/resource-views.md, "Detail"):
 * the resource as this cluster serves it, and whether the viewer may see the object at all. A
 * refusal is an answer, not an error: the page names what is missing (the org role, or the
 * cluster's RBAC verb, resource and namespace for the identity that acts).
 */
import { AppError } from "@/lib/errors";
import { can, denialReason } from "@/lib/permissions";
import type { ObjectAccessDenial } from "@/lib/resources/object-access";
import type { ResourceName } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { identityName, mayInScope, openClusterScope, resolveInScope } from "./cluster-scope";

/** The verbs a live detail page uses: `get` for the object, `list` + `watch` for its narrowed watch. */
export const DETAIL_VERBS = ["get", "list", "watch"] as const;

export type ObjectViewResource = { name: ResourceName; kind: string; namespaced: boolean; group: string };

export type ObjectView =
  | { access: "allowed"; resource: ObjectViewResource }
  | { access: "denied"; resource: ObjectViewResource; denial: ObjectAccessDenial };

/**
 * The resource behind `resourceName` on the caller's cluster, and the verdict for this object.
 * NOT_FOUND (like a missing cluster) for another org's cluster, a resource the cluster does not
 * serve, or a namespace that does not fit the kind's scope.
 */
export async function describeObjectView(
  context: OrgContext,
  clusterId: string,
  resourceName: ResourceName,
  namespace: string | undefined,
): Promise<ObjectView> {
  const scope = await openClusterScope(context, clusterId);
  const resolved = await resolveInScope(scope, resourceName);
  if (resolved.namespaced !== (namespace !== undefined)) {
    const expected = resolved.namespaced ? "in a namespace" : "cluster-scoped";
    throw new AppError("NOT_FOUND", `${resolved.name} are ${expected}.`);
  }
  const resource = {
    name: resolved.name,
    kind: resolved.kind,
    namespaced: resolved.namespaced,
    group: resolved.group,
  };
  if (!can(context.role, "resources.view")) {
    return {
      access: "denied",
      resource,
      denial: { by: "role", role: context.role, reason: denialReason("resources.view") },
    };
  }
  const answers = await Promise.all(DETAIL_VERBS.map((verb) => mayInScope(scope, resolved, verb, namespace)));
  const missing = DETAIL_VERBS.filter((_, index) => !answers[index]);
  if (missing.length === 0) return { access: "allowed", resource };
  return {
    access: "denied",
    resource,
    denial: {
      by: "rbac",
      identity: identityName(scope),
      verbs: [...missing],
      resource: resolved.name,
      ...(namespace !== undefined && { namespace }),
    },
  };
}
