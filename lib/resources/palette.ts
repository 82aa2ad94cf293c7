/**
 * The command palette's entries as data (docs/resource-views.md, Command palette): what the
 * server's object search returns and where each kind of result leads. Isomorphic and pure.
 */
import { objectHref } from "./links";
import type { Tone } from "./types";

/** An object found by name on one of the org's clusters. */
export type ObjectHit = {
  clusterId: string;
  clusterName: string;
  resource: string;
  kind: string;
  namespace?: string;
  name: string;
  status: { label: string; tone: Tone };
};

export type ObjectSearch = { hits: ObjectHit[]; incomplete: boolean };

/** Queries shorter than this search nothing on the server (every name holds one letter). */
export const MIN_SEARCH_LENGTH = 2;

/** A namespace opens its pods; every other object its detail page. */
export function hitHref(hit: ObjectHit): string {
  if (hit.resource === "namespaces") return `/clusters/${hit.clusterId}/pods?ns=${encodeURIComponent(hit.name)}`;
  return objectHref({ clusterId: hit.clusterId, resource: hit.resource, namespace: hit.namespace, name: hit.name });
}
