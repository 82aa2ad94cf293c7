import { AppError, toErrorBody } from "@/lib/errors";
import type { OrgContext } from "../auth/actor";
import { authenticateApiToken } from "../auth/api-tokens";
import { findRole } from "../auth/memberships";
import { auth } from "../auth/next-auth";
import { authorize, requireSessionActor } from "../auth/authorize";
import { getConfig } from "../config/env";
import { getDb } from "../db/client";
import { clientIpFrom, requestIdFrom } from "../http/request-meta";
import { assertJsonBody, assertSameOrigin } from "../http/same-origin";
import { log } from "../logger";
import { API_ROUTES, type RouteKey, type RouteSpec } from "./registry";

type RouteParams = Record<string, string>;
type Handler<P extends RouteParams> = (context: OrgContext, request: Request, params: P) => Promise<unknown>;

/**
 * Wrap a `/api/v1` route handler: same-origin and JSON checks on mutations, authentication
 * (bearer token or session cookie), the org-scoped role, the permission from the registry,
 * and errors as `{error: {code, message, path?, requestId}}` — never a raw exception.
 */
export function apiRoute<P extends RouteParams = RouteParams>(key: RouteKey, handler: Handler<P>) {
  const spec: RouteSpec = API_ROUTES[key];
  const mutates = !key.startsWith("GET ");
  return async (request: Request, { params }: { params: Promise<P> }): Promise<Response> => {
    const requestId = requestIdFrom(request.headers);
    try {
      const bearer = bearerToken(request.headers);
      if (mutates) {
        assertSameOrigin(request.headers, new URL(getConfig().appUrl).origin, { bearer: bearer !== null });
        assertJsonBody(request.headers);
      }
      const context = await authenticate(request, bearer, requestId);
      await authorize(context, spec.permission, spec.audit);
      if (spec.sessionOnly) await requireSessionActor(context, spec.audit);
      const result = await handler(context, request, await params);
      return result instanceof Response ? result : Response.json(result, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error, requestId, key);
    }
  };
}

function bearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

async function authenticate(request: Request, bearer: string | null, requestId: string): Promise<OrgContext> {
  const ip = clientIpFrom(request.headers);
  if (bearer !== null) {
    const token = await authenticateApiToken(bearer);
    if (!token) throw new AppError("UNAUTHENTICATED", "The API token is invalid, expired or revoked.");
    return {
      actor: { type: "token", userId: token.user.id, email: token.user.email, tokenId: token.tokenId },
      orgId: token.orgId,
      role: token.role,
      requestId,
      ip,
    };
  }
  const session = await auth();
  const sessionId = (session as { sessionId?: string } | null)?.sessionId;
  const row = sessionId
    ? await getDb().session.findUnique({ where: { id: sessionId }, include: { user: true } })
    : null;
  if (!row) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const role = await findRole(row.userId, row.activeOrgId);
  if (!role || !row.activeOrgId) throw new AppError("FORBIDDEN", "You are not a member of an organization.");
  return {
    actor: { type: "session", userId: row.userId, email: row.user.email, sessionId: row.id },
    orgId: row.activeOrgId,
    role,
    requestId,
    ip,
  };
}

function errorResponse(error: unknown, requestId: string, key: RouteKey): Response {
  if (!(error instanceof AppError)) log.error("api route failed", { route: key, requestId, error: String(error) });
  const status = error instanceof AppError ? error.status : 500;
  return Response.json(toErrorBody(error, requestId), { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The most an `/api/v1` body may hold unless its route says otherwise: a kubeconfig is at most
 * 64 KiB, every other body is a few fields. Bodies are read against the cap, never whole first.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Parse a JSON body with a zod-like schema; problems become 422 naming the field, a body past the cap 413. */
export async function readJson<T>(
  request: Request,
  schema: { safeParse(value: unknown): SafeParse<T> },
  { maxBytes = MAX_JSON_BODY_BYTES, emptyAs }: { maxBytes?: number; emptyAs?: unknown } = {},
): Promise<T> {
  const text = await readBodyCapped(request, maxBytes);
  let body: unknown;
  try {
    // Bodies whose every field is optional (`POST …/restart`) may be left out.
    body = text.trim() === "" && emptyAs !== undefined ? emptyAs : JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not valid JSON.", "body");
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join(".") || "body";
    throw new AppError("INVALID_INPUT", `${path}: ${issue?.message ?? "invalid"}`, path);
  }
  return result.data;
}

/** The body as text, refused (and its stream cancelled) as soon as it is declared or found to be larger than maxBytes. */
async function readBodyCapped(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${formatKiB(maxBytes)}.`, "body");
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function formatKiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

type SafeParse<T> =
  { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
