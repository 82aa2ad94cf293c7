/**
 * Which operations the viewer may use on one object, and why not (docs/operations.md, "Disabled
 * with a reason"): the kind allows it, the org role holds its permission, and the cluster's RBAC
 * lets the acting identity do its verb (SelfSubjectAccessReview, cached briefly). Only advice for
 * the UI: every action checks all of it again when it runs.
 */
import { can, denialReason } from "@/lib/permissions";
import type { OperationAccess } from "@/lib/operations/types";
import type { OrgContext } from "../auth/actor";
import { identityName, mayInScope, openClusterScope, resolveInScope } from "../resources/cluster-scope";
import type { KindAction, ObjectTarget } from "./cluster-action";
import { revealRefusal } from "./reveal-policy";

/** The RBAC question each action asks: a verb, maybe on a subresource, maybe about this object by name. */
const RBAC: Partial<Record<KindAction, { verb: string; subresource?: string; byName?: boolean }>> = {
  scale: { verb: "update", subresource: "scale" },
  restart: { verb: "patch" },
  pause: { verb: "patch" },
  resume: { verb: "patch" },
  setImage: { verb: "patch" },
  rollback: { verb: "update" },
  edit: { verb: "update" },
  delete: { verb: "delete" },
  reveal: { verb: "get", byName: true },
};

export async function describeAccess(context: OrgContext, target: ObjectTarget): Promise<OperationAccess> {
  const scope = await openClusterScope(context, target.clusterId);
  const resource = await resolveInScope(scope, target.resource);
  const entries = await Promise.all(
    Object.entries(resource.definition.actions).map(async ([action, permission]) => {
      const question = RBAC[action as KindAction];
      if (!question) return null;
      if (!can(context.role, permission))
        return [action, { allowed: false, reason: denialReason(permission) }] as const;
      const refusal = action === "reveal" ? await revealRefusal(context) : null;
      if (refusal) return [action, { allowed: false, reason: refusal }] as const;
      const allowed = await mayInScope(scope, resource, question.verb, target.namespace, {
        ...(question.subresource && { subresource: question.subresource }),
        ...(question.byName && { name: target.name }),
      }).catch(() => false);
      const what = question.subresource ? `${resource.name}/${question.subresource}` : resource.name;
      const reason = `The cluster's RBAC does not let ${identityName(scope)} ${question.verb} ${what}`;
      return [action, allowed ? { allowed: true } : { allowed: false, reason }] as const;
    }),
  );
  return Object.fromEntries(entries.filter((entry) => entry !== null));
}
