/**
 * A strict Content-Security-Policy (docs/security.md §6): scripts run only with this response's nonce
 * ('strict-dynamic' lets Next's own loader add chunks), so an injected cluster string can never
 * execute even if it slipped past React's escaping. Styles stay inline-capable for Tailwind and
 * Next's style tags; nothing else is loaded from anywhere but this origin.
 */
export function contentSecurityPolicy(nonce: string, { dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export const NONCE_HEADER = "x-nonce";
