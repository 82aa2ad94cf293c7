/**
 * The one wrapper every operation on a cluster object goes through (docs/operations.md, following
 * docs/architecture.md "How a mutating action flows"): the caller's cluster (404 outside the org)
 * → the served resource → the kind allows the action → the org role holds the kind's permission
 * (a refusal is audited) → the attempt row (fail closed) → the cluster's RBAC for the acting
 * identity → the Kubernetes call → the outcome row with what changed. Dry runs change nothing and
 * write no audit rows, but pass every other check.
 */
import type { AuditAction } from "@/lib/audit-actions";
import { AppError } from "@/lib/errors";
import type { KindActions, KubeObject } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { type AuditEntry, audited } from "../audit/record";
import type { ResolvedResource } from "../k8s/discovery";
import { callCluster } from "../k8s/request";
import { collectionPath, objectPath } from "../k8s/resource-path";
import { type ClusterScope, openClusterScope, requireInScope, resolveInScope } from "../resources/cluster-scope";
import { assertMayReveal } from "./reveal-policy";

/** One object on one cluster, as the caller names it (`deployments.apps`, `shop`, `web`). */
export type ObjectTarget = { clusterId: string; resource: string; namespace?: string; name: string };

export type KindAction = keyof KindActions;

/** An object carries at most this much; etcd refuses more than 1.5 MiB. */
const OBJECT_MAX_BYTES = 4 * 1024 * 1024;

export type ClusterCall = {
  /** Below the object's own path: `scale`, or "" for the object. */
  subpath?: string;
  /** The collection instead of the object (create). */
  collection?: boolean;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  contentType?: string;
  dryRun?: boolean;
  maxBytes?: number;
};

/** What an action body works with: the scope, the resolved resource and calls as the acting identity. */
export type Operation = {
  readonly scope: ClusterScope;
  readonly resource: ResolvedResource;
  readonly target: ObjectTarget;
  call<T = KubeObject>(request?: ClusterCall): Promise<T>;
  /** Any other path on the cluster (a list of ReplicaSets), as the acting identity. */
  get<T>(path: string, maxBytes?: number): Promise<T>;
  /** Refuses unless the acting identity may do these verbs on another resource or this one. */
  require(verbs: readonly string[], on?: ResolvedResource, subresource?: string): Promise<void>;
  resolve(name: string): Promise<ResolvedResource>;
};

export type ActionSpec = {
  action: KindAction;
  audit: AuditAction;
  /** What is asked, in the attempt row (`replicas →5`). Never a secret value. */
  intent: string;
  /** RBAC verbs the acting identity needs on the object, checked after the attempt row. */
  verbs: readonly string[];
  subresource?: string;
  /** Ask RBAC about this object by name (a Secret), not the whole namespace. */
  byName?: boolean;
  /** Preview only: every check, no audit rows, the apiserver's dryRun=All. */
  dryRun?: boolean;
};

/** The action's answer, and what changed for the outcome row (`replicas 3→5`). */
export type ActionOutcome<T> = { result: T; change?: string };

export async function runClusterAction<T>(
  context: OrgContext,
  target: ObjectTarget,
  spec: ActionSpec,
  run: (operation: Operation) => Promise<ActionOutcome<T>>,
): Promise<T> {
  const scope = await openClusterScope(context, target.clusterId);
  const resource = await resolveInScope(scope, target.resource);
  assertNamespaceFits(resource, target.namespace);
  const permission = resource.definition.actions[spec.action];
  if (!permission) {
    throw new AppError(
      "INVALID_INPUT",
      `${resource.definition.kind} objects cannot be ${describe(spec.action)}.`,
      "kind",
    );
  }
  const entry: AuditEntry = {
    action: spec.audit,
    clusterId: scope.cluster.id,
    kind: resource.definition.kind,
    ...(target.namespace && { namespace: target.namespace }),
    name: target.name,
    summary: spec.intent,
  };
  await authorize(context, permission, entry);
  if (spec.action === "reveal") await assertMayReveal(context, entry);
  const operation = operationIn(scope, resource, target);
  const body = async () => {
    await requireInScope(scope, resource, spec.verbs, target.namespace, {
      ...(spec.byName && { name: target.name }),
      ...(spec.subresource && { subresource: spec.subresource }),
    });
    return run(operation);
  };
  if (spec.dryRun) return (await body()).result;
  const outcome = await audited(context, entry, body, (done) => done.change);
  return outcome.result;
}

/**
 * A read next to the actions (revisions, a Secret's key names): the same scope, resource and
 * RBAC checks for `verbs`, the role's `resources.view`, no audit rows.
 */
export async function readInCluster<T>(
  context: OrgContext,
  target: ObjectTarget,
  verbs: readonly string[],
  run: (operation: Operation) => Promise<T>,
  narrow: { byName?: boolean } = {},
): Promise<T> {
  const scope = await openClusterScope(context, target.clusterId);
  const resource = await resolveInScope(scope, target.resource);
  assertNamespaceFits(resource, target.namespace);
  await authorize(context, "resources.view");
  await requireInScope(scope, resource, verbs, target.namespace, narrow.byName ? { name: target.name } : {});
  return run(operationIn(scope, resource, target));
}

function operationIn(scope: ClusterScope, resource: ResolvedResource, target: ObjectTarget): Operation {
  const call = <R>(path: string, request: ClusterCall = {}) =>
    callCluster<R>(scope.connection, {
      path: request.dryRun ? `${path}${path.includes("?") ? "&" : "?"}dryRun=All` : path,
      method: request.method ?? "GET",
      ...(request.body !== undefined && { body: request.body }),
      ...(request.contentType && { headers: { "content-type": request.contentType } }),
      impersonate: scope.impersonate,
      maxBytes: request.maxBytes ?? OBJECT_MAX_BYTES,
    });
  return {
    scope,
    resource,
    target,
    call: <R = KubeObject>(request: ClusterCall = {}) => {
      const base = request.collection
        ? collectionPath(resource, target.namespace)
        : objectPath(resource, target.name, target.namespace);
      return call<R>(request.subpath ? `${base}/${request.subpath}` : base, request);
    },
    get: <R>(path: string, maxBytes?: number) => call<R>(path, { maxBytes }),
    require: (verbs, on = resource, subresource) =>
      requireInScope(scope, on, verbs, target.namespace, subresource ? { subresource } : {}),
    resolve: (name) => resolveInScope(scope, name),
  };
}

function assertNamespaceFits(resource: ResolvedResource, namespace: string | undefined) {
  if (resource.namespaced && namespace === undefined) {
    throw new AppError("INVALID_INPUT", `${resource.name} live in namespaces: name one instead of _`, "namespace");
  }
  if (!resource.namespaced && namespace !== undefined) {
    throw new AppError("INVALID_INPUT", `${resource.name} are cluster-scoped: use _ as the namespace`, "namespace");
  }
}

const ACTION_WORDS: Record<KindAction, string> = {
  scale: "scaled",
  restart: "restarted",
  rollback: "rolled back",
  pause: "paused",
  resume: "resumed",
  setImage: "given a new image",
  delete: "deleted",
  edit: "edited",
  reveal: "revealed",
  logs: "read as logs",
};

function describe(action: KindAction): string {
  return ACTION_WORDS[action];
}
