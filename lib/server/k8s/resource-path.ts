import { AppError } from "@/lib/errors";
import type { ServedResource } from "@/lib/resources/types";

/** What the engine needs to reach a resource: where it is served, and whether it lives in namespaces. */
export type WatchedResource = Pick<ServedResource, "group" | "version" | "plural" | "namespaced">;

const GROUP = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$/;
const VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
const PLURAL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * `/api/v1/namespaces/shop/pods`, `/apis/apps/v1/deployments`: every part checked, so no input
 * can steer a request to another path of the apiserver.
 */
export function collectionPath(resource: WatchedResource, namespace?: string): string {
  const { group, version, plural } = resource;
  if (!GROUP.test(group) || group.length > 253) throw invalid("group", group);
  if (!VERSION.test(version)) throw invalid("version", version);
  if (!PLURAL.test(plural) || plural.length > 253) throw invalid("resource", plural);
  const base = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
  if (namespace === undefined) return `${base}/${plural}`;
  if (!resource.namespaced) throw new AppError("INVALID_INPUT", `${plural} do not live in namespaces`, "namespace");
  if (!NAMESPACE.test(namespace) || namespace.length > 63) throw invalid("namespace", namespace);
  return `${base}/namespaces/${namespace}/${plural}`;
}

export function objectPath(resource: WatchedResource, name: string, namespace?: string): string {
  if (resource.namespaced && namespace === undefined) {
    throw new AppError("INVALID_INPUT", "namespace is required for this resource", "namespace");
  }
  if (name === "" || name === "." || name === ".." || name.length > 253 || name.includes("/")) {
    throw invalid("name", name);
  }
  return `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}`;
}

function invalid(field: string, value: string): AppError {
  return new AppError("INVALID_INPUT", `${field} "${value.slice(0, 80)}" is not valid`, field);
}
