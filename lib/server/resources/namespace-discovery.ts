/**
 * The namespaces an identity can use when it may not list pods everywhere (a namespace-scoped
 * credential, or a person impersonated with namespace RoleBindings): never a dead end on "cannot
 * list namespaces" (docs/resource-views.md, "Namespace-scoped credentials").
 *
 * Kubernetes cannot enumerate "namespaces where I may do X" for an identity that cannot list
 * namespaces, so the candidates come from what Pilothouse knows — the kubeconfig context's
 * namespace, `default`, the cluster's namespaces when they can be listed, and namespaces seen in
 * the event history — and each is confirmed with a SelfSubjectAccessReview (list pods) as the
 * identity that acts.
 */
import { createLimiter } from "../concurrency/limiter";
import type { OrgContext } from "../auth/actor";
import { getDb } from "../db/client";
import { readInTurn } from "../db/read-gate";
import { callCluster } from "../k8s/request";
import { mayInScope, openClusterScope, resolveInScope, type ClusterScope } from "./cluster-scope";
import type { ResolvedResource } from "../k8s/discovery";

/** Candidates checked at most; each is one (cached) access review. */
export const MAX_CANDIDATE_NAMESPACES = 50;
const REVIEWS_AT_ONCE = 4;
const NAMESPACE_LIST_MAX_BYTES = 2 * 1024 * 1024;

export type NamespaceAccess =
  /** The identity may list and watch pods in every namespace: no narrowing needed. */
  | { clusterWide: true }
  /** Only these namespaces (possibly none), sorted. */
  | { clusterWide: false; namespaces: string[] };

export async function discoverNamespaces(context: OrgContext, clusterId: string): Promise<NamespaceAccess> {
  const scope = await openClusterScope(context, clusterId);
  const pods = await resolveInScope(scope, "pods");
  const [list, watch] = await Promise.all([mayInScope(scope, pods, "list"), mayInScope(scope, pods, "watch")]);
  if (list && watch) return { clusterWide: true };
  const candidates = (await candidateNamespaces(scope)).slice(0, MAX_CANDIDATE_NAMESPACES);
  const limiter = createLimiter(REVIEWS_AT_ONCE);
  const usable = await Promise.all(candidates.map((namespace) => limiter.run(() => usableIn(scope, pods, namespace))));
  return { clusterWide: false, namespaces: candidates.filter((_, index) => usable[index]).sort() };
}

async function usableIn(scope: ClusterScope, pods: ResolvedResource, namespace: string): Promise<boolean> {
  const [list, watch] = await Promise.all([
    mayInScope(scope, pods, "list", namespace),
    mayInScope(scope, pods, "watch", namespace),
  ]);
  return list && watch;
}

async function candidateNamespaces(scope: ClusterScope): Promise<string[]> {
  const found = new Set<string>();
  if (scope.cluster.namespace) found.add(scope.cluster.namespace);
  for (const namespace of await listableNamespaces(scope)) found.add(namespace);
  for (const namespace of await recordedNamespaces(scope.cluster.id)) found.add(namespace);
  found.add("default");
  return [...found];
}

/** All namespaces when the identity may list them (some may list namespaces but not pods everywhere). */
async function listableNamespaces(scope: ClusterScope): Promise<string[]> {
  const namespaces = await resolveInScope(scope, "namespaces");
  if (!(await mayInScope(scope, namespaces, "list"))) return [];
  const answer = await callCluster<{ items?: { metadata?: { name?: string } }[] }>(scope.connection, {
    path: `/api/v1/namespaces?limit=${MAX_CANDIDATE_NAMESPACES}`,
    impersonate: scope.impersonate,
    maxBytes: NAMESPACE_LIST_MAX_BYTES,
  }).catch(() => ({ items: [] }));
  return (answer.items ?? []).flatMap((item) => (item.metadata?.name ? [item.metadata.name] : []));
}

/** Namespaces the event recorder has seen on this cluster (it records with the stored credential). */
async function recordedNamespaces(clusterId: string): Promise<string[]> {
  const rows = await readInTurn(() =>
    getDb().clusterEvent.findMany({
      where: { clusterId, namespace: { not: null } },
      distinct: ["namespace"],
      select: { namespace: true },
      take: MAX_CANDIDATE_NAMESPACES,
    }),
  );
  return rows.flatMap((row) => (row.namespace ? [row.namespace] : []));
}
