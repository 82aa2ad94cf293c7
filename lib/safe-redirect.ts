/**
 * Where a `callbackUrl` may send someone after signing in or out: a path on this app and nowhere
 * else (no open redirects, docs/security.md §3). The value is resolved the way a browser would
 * resolve it against the app's URL and must keep the app's origin. Isomorphic.
 */

/** Stands in for the app's URL where it is not known (the browser): only the origin comparison matters. */
const SOME_ORIGIN = "https://pilothouse.invalid";

/**
 * A same-origin path (`/clusters?x=1#y`), or `fallback`. Refused: other origins (`https://evil`,
 * `//evil`), other schemes (`javascript:`), and anything a browser would rewrite into another
 * host: tabs and line breaks (dropped by the URL parser, so `/\t/evil` becomes `//evil`),
 * backslashes (read as `/`), and paths that normalize to `//evil` (`/.//evil`).
 */
export function safeRedirectPath(value: unknown, fallback = "/", appUrl = SOME_ORIGIN): string {
  if (typeof value !== "string" || value === "" || value.length > 2048) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(appUrl);
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

/** The same, as an absolute URL on the app's origin (what Auth.js redirects to). */
export function safeRedirectUrl(value: unknown, appUrl: string): string {
  return `${new URL(appUrl).origin}${safeRedirectPath(value, "/", appUrl)}`;
}
