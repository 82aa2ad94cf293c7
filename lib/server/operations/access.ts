/**
 * Which operations the viewer may use on one object, and why not (docs/operations.md, "Disabled
 * with a reason"): the kind allows it, the org role holds its permission, and the cluster's RBAC
 * lets the acting identity do its verb (SelfSubjectAccessReview, cached briefly). Only advice for
 * the UI: every action checks all of it again when it runs.
 */
import { can, denialReason } from "@/lib/permissions";
import type { CreateAccess, OperationAccess } from "@/lib/operations/types";
import type { OrgContext } from "../auth/actor";
import { createLimiter } from "../concurrency/limiter";
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

/**
 * The verdict as a detail page hands it to its actions and tabs: nothing allowed when the role
 * may not view resources (the server action refuses that caller too) or when it cannot be
 * worked out (each action then shows itself disabled, and checks again if used anyway).
 */
export async function describeOperationsOnce(context: OrgContext, target: ObjectTarget): Promise<OperationAccess> {
  if (!can(context.role, "resources.view")) return {};
  return describeAccess(context, target).catch(() => ({}));
}

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

/** Namespaces asked about one by one, at most, when the identity may not create cluster-wide. */
const MAX_CREATE_NAMESPACES = 100;
const CREATE_CHECKS_AT_ONCE = 4;

/**
 * May the viewer create objects of this kind, and in which of `namespaces` (docs/operations.md,
 * "Create"): the role's edit permission for the kind, then `create` for the acting identity —
 * cluster-wide first (one question), else namespace by namespace, bounded.
 */
export async function describeCreateAccess(
  context: OrgContext,
  target: { clusterId: string; resource: string; namespaces: readonly string[] },
): Promise<CreateAccess> {
  const scope = await openClusterScope(context, target.clusterId);
  const resource = await resolveInScope(scope, target.resource);
  const permission = resource.definition.actions.edit;
  if (!permission) return { allowed: false, reason: `${resource.kind} objects cannot be created here`, namespaces: [] };
  if (!can(context.role, permission)) return { allowed: false, reason: denialReason(permission), namespaces: [] };
  const may = (namespace?: string) => mayInScope(scope, resource, "create", namespace).catch(() => false);
  const refused = {
    allowed: false,
    reason: `The cluster's RBAC does not let ${identityName(scope)} create ${resource.name}`,
    namespaces: [],
  };
  if (!resource.namespaced) return (await may()) ? { allowed: true, namespaces: [] } : refused;
  const asked = [...new Set(target.namespaces)].slice(0, MAX_CREATE_NAMESPACES);
  if (await may()) return { allowed: true, namespaces: asked };
  const limiter = createLimiter(CREATE_CHECKS_AT_ONCE);
  const verdicts = await Promise.all(asked.map((namespace) => limiter.run(() => may(namespace))));
  const allowed = asked.filter((_, index) => verdicts[index]);
  return allowed.length > 0
    ? { allowed: true, namespaces: allowed }
    : { ...refused, reason: `${refused.reason} in any namespace` };
}
