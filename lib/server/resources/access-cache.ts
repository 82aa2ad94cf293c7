import type { AccessAttributes } from "../k8s/access-review";
import type { Impersonation } from "../k8s/request";

/**
 * Short-lived memory of the cluster's RBAC answers (docs/architecture.md, "The cluster scope"):
 * a list of 50 viewers opening one view asks the apiserver once, not 50 times. A yes is trusted
 * for 30 s, a no for 5 s (a grant should show up quickly); both are bounded in count.
 */
const ALLOWED_TTL_MS = 30_000;
const REFUSED_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type Entry = { allowed: Promise<boolean>; expiresAt: number };

const globalForAccess = globalThis as unknown as { pilothouseAccessCache?: Map<string, Entry> };
const cache: Map<string, Entry> = (globalForAccess.pilothouseAccessCache ??= new Map());

export type AccessKey = {
  clusterId: string;
  credentialVersion: number;
  impersonate?: Impersonation;
  attributes: AccessAttributes;
};

function keyOf({ clusterId, credentialVersion, impersonate, attributes }: AccessKey): string {
  const identity = impersonate ? [impersonate.user, ...impersonate.groups] : ["stored"];
  const { verb, group = "", resource, subresource = "", namespace = "", name = "" } = attributes;
  return JSON.stringify([clusterId, credentialVersion, identity, verb, group, resource, subresource, namespace, name]);
}

/** The cached answer, or `ask()` once for everyone waiting on the same question. */
export function cachedAccess(key: AccessKey, ask: () => Promise<boolean>): Promise<boolean> {
  const id = keyOf(key);
  const hit = cache.get(id);
  if (hit && Date.now() < hit.expiresAt) return hit.allowed;
  const allowed = ask();
  const entry: Entry = { allowed, expiresAt: Date.now() + ALLOWED_TTL_MS };
  cache.delete(id);
  cache.set(id, entry);
  for (const oldest of cache.keys()) {
    if (cache.size <= MAX_ENTRIES) break;
    cache.delete(oldest);
  }
  allowed.then(
    (yes) => {
      if (!yes) entry.expiresAt = Math.min(entry.expiresAt, Date.now() + REFUSED_TTL_MS);
    },
    // A failed review (cluster unreachable) is not an answer: ask again next time.
    () => cache.get(id) === entry && cache.delete(id),
  );
  return allowed;
}

/** Forget every answer about a cluster (credential rotated, cluster removed, tests). */
export function forgetClusterAccess(clusterId: string) {
  const prefix = JSON.stringify([clusterId]).slice(0, -1);
  for (const id of cache.keys()) if (id.startsWith(prefix)) cache.delete(id);
}
