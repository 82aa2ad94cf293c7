/**
 * What the generic list page of a kind needs before it subscribes (docs/realtime.md, "Windows"):
 * the kinds this cluster serves (for the kind navigation) and the chosen kind's columns. Built
 * from the same cluster scope as the socket and REST reads, so the page never offers a resource
 * the subscription would refuse.
 */
import { AppError } from "@/lib/errors";
import { KIND_CATEGORIES, categoryOf, type KindLink, type ListColumn } from "@/lib/resources/list-view";
import { KINDS, resourceName } from "@/lib/resources/registry";
import type { ColumnSpec, KindCategory } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { listServedResources } from "../k8s/discovery";
import { openClusterScope, resolveInScope } from "./cluster-scope";

export type ResourceView = {
  resource: { name: string; kind: string; group: string; version: string; namespaced: boolean; columns: ListColumn[] };
  kinds: KindLink[];
};

/** Columns as the browser needs them: plain data, no functions. */
export function listColumnsOf(columns: readonly ColumnSpec[]): ListColumn[] {
  return columns.map(({ id, title, type, secondary }) => ({ id, title, type, ...(secondary && { secondary }) }));
}

/** The kinds a cluster serves that can be listed and watched, in navigation order. */
export async function listKindLinks(context: OrgContext, clusterId: string): Promise<KindLink[]> {
  const scope = await openClusterScope(context, clusterId);
  const served = await listServedResources(scope.connectionKey, scope.connection);
  const order = (category: KindCategory) => KIND_CATEGORIES.indexOf(category);
  return served
    .filter((resource) => resource.verbs.includes("list") && resource.verbs.includes("watch"))
    .map((resource) => ({
      name: resource.name,
      kind: resource.kind,
      category: categoryOf(resource.name, resource.builtIn),
    }))
    .sort((a, b) => order(a.category) - order(b.category));
}

/** How long the cluster page waits for discovery before showing the built-in kinds instead. */
const KIND_LINKS_WAIT_MS = 3000;

const BUILT_IN_KINDS: readonly KindLink[] = KINDS.map((kind) => ({
  name: resourceName(kind.group, kind.plural),
  kind: kind.kind,
  category: kind.category,
}));

/**
 * For the cluster page: the served kinds, or the built-in ones when discovery fails or is slow
 * (an unreachable cluster must not hold the page; each list then shows its own error).
 */
export async function kindLinksOrBuiltIns(context: OrgContext, clusterId: string): Promise<readonly KindLink[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<readonly KindLink[]>((resolve) => {
    timer = setTimeout(() => resolve(BUILT_IN_KINDS), KIND_LINKS_WAIT_MS);
  });
  try {
    return await Promise.race([listKindLinks(context, clusterId).catch(() => BUILT_IN_KINDS), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The kind behind `resourceName` on this cluster (NOT_FOUND when it serves no such thing), and the kinds beside it. */
export async function describeResourceView(
  context: OrgContext,
  clusterId: string,
  resourceName: string,
): Promise<ResourceView> {
  const scope = await openClusterScope(context, clusterId);
  const [resource, kinds] = await Promise.all([resolveInScope(scope, resourceName), listKindLinks(context, clusterId)]);
  if (!resource.verbs.includes("list") || !resource.verbs.includes("watch")) {
    throw new AppError("NOT_FOUND", `${resourceName} cannot be listed and watched on this cluster.`);
  }
  return {
    resource: {
      name: resource.name,
      kind: resource.kind,
      group: resource.group,
      version: resource.version,
      namespaced: resource.namespaced,
      columns: listColumnsOf(resource.definition.columns),
    },
    kinds,
  };
}
