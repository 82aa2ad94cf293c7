/**
 * The cluster the resource views are scoped to. The URL says it first (`/clusters/<id>/…`); the
 * last one chosen is remembered in a cookie so the top bar's switcher still shows it on pages
 * outside that tree. The cookie holds an id only (not secret; every lookup is org-scoped).
 */
export const CLUSTER_COOKIE = "pilothouse-cluster";
const CLUSTER_PATH = /^\/clusters\/([0-9a-f-]{36})(?:\/|$)/i;

/** The cluster id a path is about, if it is under /clusters/<id>. */
export function clusterIdInPath(pathname: string): string | null {
  return CLUSTER_PATH.exec(pathname)?.[1]?.toLowerCase() ?? null;
}

/** Browser only: remember the chosen cluster for a year (the cookie only spares a click). */
export function rememberCluster(id: string) {
  document.cookie = `${CLUSTER_COOKIE}=${encodeURIComponent(id)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
