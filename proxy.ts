import { type NextRequest, NextResponse } from "next/server";
import { getConfig } from "@/lib/server/config/env";
import { contentSecurityPolicy, NONCE_HEADER } from "@/lib/server/http/content-security-policy";

/**
 * A fresh CSP nonce for every page render. Next reads the policy from the request headers and
 * stamps the nonce on its own scripts; the root layout hands it to our one inline script.
 * Authorization never happens here (docs/security.md §3): handlers and actions do it themselves.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV !== "production",
    appUrl: getConfig().appUrl,
  });
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: API responses are JSON and carry their own restrictive policy (next.config.js).
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
