/**
 * Links to objects (COORD convention, docs/resource-views.md "Links"): one detail URL per object,
 * `/clusters/:id/:resource/:namespace/:name`, with `-` standing for "no namespace" on
 * cluster-scoped kinds, and the selected tab in `?tab=`. Isomorphic.
 */
import { KINDS, resourceName } from "./registry";
import type { ResourceName } from "./types";

/** The namespace segment of a cluster-scoped object's URL. */
export const NO_NAMESPACE = "-";

export type ObjectRef = {
  clusterId: string;
  /** As kubectl spells it: `pods`, `deployments.apps`, a CRD's `plural.group`. */
  resource: ResourceName;
  namespace?: string | null;
  name: string;
  tab?: string;
};

export function objectHref({ clusterId, resource, namespace, name, tab }: ObjectRef): string {
  const segments = [clusterId, resource, namespace || NO_NAMESPACE, name].map(encodeURIComponent);
  return `/clusters/${segments.join("/")}${tab ? `?tab=${encodeURIComponent(tab)}` : ""}`;
}

/** The namespace a detail URL names: undefined for `-` (cluster-scoped). */
export function namespaceOfSegment(segment: string): string | undefined {
  return segment === NO_NAMESPACE ? undefined : segment;
}

/** The group of an `apiVersion` ("apps/v1" → "apps", "v1" → ""). */
export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion || !apiVersion.includes("/")) return "";
  return apiVersion.slice(0, apiVersion.indexOf("/"));
}

const BY_KIND = new Map(KINDS.map((kind) => [`${kind.group}/${kind.kind.toLowerCase()}`, kind]));

/**
 * The resource name of a kind an owner reference or an event names. Built-in kinds come from the
 * registry; anything else is guessed the way kubectl's RESTMapper guesses a plural (lower case +
 * "s"), which holds for nearly every CRD; the detail page 404s honestly when it does not.
 */
export function resourceForKind(kind: string, group: string | undefined): ResourceName {
  const lower = kind.toLowerCase();
  const known =
    group !== undefined ? BY_KIND.get(`${group}/${lower}`) : KINDS.find((k) => k.kind.toLowerCase() === lower);
  if (known) return resourceName(known.group, known.plural);
  const plural = lower.endsWith("s") ? `${lower}es` : lower.endsWith("y") ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  return resourceName(group ?? "", plural);
}
