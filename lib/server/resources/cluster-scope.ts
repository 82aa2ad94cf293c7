/**
 * The cluster scope (docs/architecture.md, "The cluster scope"): everything a request about one
 * cluster's resources needs, worked out once and in one place for socket handlers, REST routes
 * and (later) mutations and logs — the org-scoped cluster row, its connection, the acting
 * identity, the resolved resource and the cluster's RBAC verdict for that identity.
 */
import { AppError } from "@/lib/errors";
import { projectRow } from "@/lib/resources/project";
import type { ResourceName } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { getClusterConnection } from "../clusters/clients";
import { actingAs } from "../clusters/impersonation";
import { getClusterOrThrow } from "../clusters/service";
import type { Cluster } from "../db/generated/client";
import { readInTurn } from "../db/read-gate";
import { reviewAccess } from "../k8s/access-review";
import type { ClusterConnection } from "../k8s/connection";
import { resolveResource, type ResolvedResource } from "../k8s/discovery";
import type { Impersonation } from "../k8s/request";
import type { WatchSpec } from "../k8s/watch-hub";
import { cachedAccess } from "./access-cache";

export type ClusterScope = {
  readonly context: OrgContext;
  readonly cluster: Cluster;
  /** (cluster, credential version): what connections and discovery are cached by. */
  readonly connectionKey: string;
  readonly connection: ClusterConnection;
  /** Impersonation mode: the person, as the cluster sees them. Unset: the stored credential. */
  readonly impersonate?: Impersonation;
};

/**
 * The caller's cluster: 404 when it is not in the caller's org (exactly like a missing one), then
 * the connection for its current credential and the identity that will act.
 */
export async function openClusterScope(context: OrgContext, clusterId: string): Promise<ClusterScope> {
  const cluster = await readInTurn(() => getClusterOrThrow(context.orgId, clusterId));
  return {
    context,
    cluster,
    connectionKey: `${cluster.id}:${cluster.credentialVersion}`,
    connection: await getClusterConnection(cluster),
    impersonate: actingAs(cluster, context.actor, context.role),
  };
}

/** `pods`, `deployments.apps`, a CRD's plural: what this cluster serves under that name. */
export function resolveInScope(scope: ClusterScope, name: ResourceName): Promise<ResolvedResource> {
  return resolveResource(scope.connectionKey, scope.connection, name);
}

/** May the acting identity `verb` this resource (in this namespace, or cluster-wide)? Cached briefly. */
export function mayInScope(
  scope: ClusterScope,
  resource: Pick<ResolvedResource, "group" | "plural">,
  verb: string,
  namespace?: string,
  /** Narrow the question to one object or a subresource (`deployments/scale`, one Secret by name). */
  narrow: { name?: string; subresource?: string } = {},
): Promise<boolean> {
  const attributes = {
    verb,
    group: resource.group,
    resource: resource.plural,
    ...(namespace && { namespace }),
    ...(narrow.name && { name: narrow.name }),
    ...(narrow.subresource && { subresource: narrow.subresource }),
  };
  return cachedAccess(
    {
      clusterId: scope.cluster.id,
      credentialVersion: scope.cluster.credentialVersion,
      impersonate: scope.impersonate,
      attributes,
    },
    () => reviewAccess(scope.connection, attributes, scope.impersonate),
  );
}

/** Refuses (FORBIDDEN, naming the identity and what it lacks) unless every verb is allowed. */
export async function requireInScope(
  scope: ClusterScope,
  resource: ResolvedResource,
  verbs: readonly string[],
  namespace?: string,
  narrow: { name?: string; subresource?: string } = {},
): Promise<void> {
  const answers = await Promise.all(verbs.map((verb) => mayInScope(scope, resource, verb, namespace, narrow)));
  const missing = verbs.filter((_, index) => !answers[index]);
  if (missing.length === 0) return;
  const where = namespace ? `in namespace ${namespace}` : "in all namespaces";
  const what = narrow.subresource ? `${resource.name}/${narrow.subresource}` : resource.name;
  throw new AppError(
    "FORBIDDEN",
    `The cluster's RBAC does not let ${identityName(scope)} ${missing.join(" and ")} ${what} ${where}.`,
  );
}

/** How a refusal names who was refused: the person in impersonation mode, else the stored credential. */
export function identityName(scope: ClusterScope): string {
  return scope.impersonate ? scope.impersonate.user : "this cluster's stored credential";
}

/** The resource must be listable and watchable to be viewed live. */
export function assertWatchable(resource: ResolvedResource) {
  for (const verb of ["list", "watch"]) {
    if (!resource.verbs.includes(verb)) {
      throw new AppError("INVALID_INPUT", `${resource.name} cannot be listed and watched`, "resource");
    }
  }
}

/**
 * The watch hub's spec for a view in this scope. `connect()` reads the cluster row afresh, so a
 * lingering view never keeps an old credential (docs/realtime.md, "Credential rotation").
 */
export function watchSpecIn(
  scope: ClusterScope,
  resource: ResolvedResource,
  view: { namespace?: string; labelSelector?: string; fieldSelector?: string },
): WatchSpec {
  const { context, cluster } = scope;
  const { definition } = resource;
  return {
    clusterId: cluster.id,
    credentialVersion: cluster.credentialVersion,
    ...(scope.impersonate && { impersonate: scope.impersonate }),
    resource: {
      group: resource.group,
      version: resource.version,
      plural: resource.plural,
      namespaced: resource.namespaced,
    },
    ...(view.namespace !== undefined && { namespace: view.namespace }),
    ...(view.labelSelector && { labelSelector: view.labelSelector }),
    ...(view.fieldSelector && { fieldSelector: view.fieldSelector }),
    connect: async () => getClusterConnection(await readInTurn(() => getClusterOrThrow(context.orgId, cluster.id))),
    project: (object) => projectRow(definition, object),
    ...(definition.redact && { redact: definition.redact }),
  };
}
