/**
 * A strict Content-Security-Policy (docs/security.md §6): scripts run only with this response's nonce
 * ('strict-dynamic' lets Next's own loader add chunks), so an injected cluster string can never
 * execute even if it slipped past React's escaping. Styles stay inline-capable for Tailwind and
 * Next's style tags; nothing else is loaded from anywhere but this origin, and the page may open
 * connections (fetch, the socket) to this app's own origin only — `ws:`/`wss:` alone would let an
 * injected script talk to any host.
 */
export function contentSecurityPolicy(nonce: string, { dev, appUrl }: { dev: boolean; appUrl: string }): string {
  const { host, protocol } = new URL(appUrl);
  const socketOrigin = `${protocol === "https:" ? "wss" : "ws"}://${host}`;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${socketOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export const NONCE_HEADER = "x-nonce";
