import { AppError } from "@/lib/errors";

type HeaderSource = { get(name: string): string | null };

/**
 * CSRF defence for route handlers (server actions get Next's own check). A state-changing
 * request must come from our origin: a foreign or `null` Origin, or a cross-site
 * Sec-Fetch-Site, is refused. Without an Origin header only bearer-token automation passes
 * (browsers always send Origin on non-GET fetches; cookies are what CSRF abuses).
 */
export function assertSameOrigin(headers: HeaderSource, appOrigin: string, { bearer }: { bearer: boolean }) {
  const origin = headers.get("origin");
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new AppError("FORBIDDEN", "Cross-site requests are not allowed.");
  }
  if (origin === null) {
    if (bearer) return;
    throw new AppError("FORBIDDEN", "Requests that change something must carry an Origin header.");
  }
  if (origin !== appOrigin) throw new AppError("FORBIDDEN", "Cross-origin requests are not allowed.");
}

/** A body, when there is one, must be JSON: forms and text/plain are how cross-site posts sneak in. */
export function assertJsonBody(headers: HeaderSource) {
  const hasBody = Number(headers.get("content-length") ?? 0) > 0 || headers.get("transfer-encoding") !== null;
  const contentType = headers.get("content-type") ?? "";
  if ((hasBody || contentType) && !/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.");
  }
}
