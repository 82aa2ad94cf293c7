import { randomUUID } from "node:crypto";
import { type Ack, CLIENT_REQUEST_SCHEMAS, type ClientEvent, type ClientToServerEvents } from "@/lib/realtime/contract";
import { AppError, toErrorBody } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";
import type { OrgContext } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { readInTurn } from "../db/read-gate";
import { log } from "../logger";
import { refreshIdentity, type SocketIdentity } from "./authenticate";
import type { RealtimeSocket } from "./types";

type RequestOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
type AckOf<E extends ClientEvent> = NonNullable<Parameters<ClientToServerEvents[E]>[1]>;
type AckData<E extends ClientEvent> = Parameters<AckOf<E>>[0] extends Ack<infer T> ? T : never;

/**
 * The socket counterpart of defineOrgAction: one place that parses a client request with its
 * schema, re-reads the caller's identity from the database (a removed member or revoked
 * session is refused here, whatever the socket cached), authorizes it with the shared
 * authorize(), runs the handler and acknowledges `{ok: true, ...}` or `{ok: false, error}`.
 * A handler never sees an unparsed payload and never acks a raw exception.
 */
export function handleRequest<E extends ClientEvent>(
  socket: RealtimeSocket,
  event: E,
  options: { permission: Permission },
  /** `afterAck(fn)` runs fn once the acknowledgement is on the wire (a snapshot must follow its ack). */
  run: (context: OrgContext, request: RequestOf<E>, afterAck: (fn: () => void) => void) => Promise<AckData<E>>,
) {
  const listener = async (raw: unknown, ack?: unknown) => {
    const respond = typeof ack === "function" ? (ack as (result: Ack<object>) => void) : () => undefined;
    const requestId = randomUUID();
    try {
      const request = parseRequest(event, raw);
      const context = await contextOf(socket, requestId);
      await authorize(context, options.permission);
      const deferred: (() => void)[] = [];
      respond({ ok: true, ...(await run(context, request, (fn) => deferred.push(fn))) });
      for (const fn of deferred) fn();
    } catch (error) {
      if (!(error instanceof AppError)) log.error("socket request failed", { event, requestId, error: String(error) });
      respond({ ok: false, error: toErrorBody(error, requestId).error });
    }
  };
  // socket.io's typed `on` cannot express a generic event key; the schema check above is the real guard.
  (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
    event,
    (raw, ack) => void listener(raw, ack),
  );
}

function parseRequest<E extends ClientEvent>(event: E, raw: unknown): RequestOf<E> {
  const parsed = CLIENT_REQUEST_SCHEMAS[event].safeParse(raw);
  if (parsed.success) return parsed.data as RequestOf<E>;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join(".") || "request";
  throw new AppError("INVALID_INPUT", `${path}: ${issue?.message ?? "invalid"}`, path);
}

/** The caller as of now: the socket's identity re-read, in the org it works in. */
async function contextOf(socket: RealtimeSocket, requestId: string): Promise<OrgContext> {
  const fresh = await readInTurn(() => refreshIdentity(socket.data.identity));
  if (!fresh) {
    socket.disconnect(true);
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  }
  socket.data.identity = fresh;
  return contextOfIdentity(fresh, socket.data.ip, requestId);
}

/** The OrgContext of a socket's identity as last read; FORBIDDEN outside an org. */
export function contextOfIdentity(fresh: SocketIdentity, ip: string | null, requestId: string): OrgContext {
  if (!fresh.orgId || !fresh.role) throw new AppError("FORBIDDEN", "You are not a member of this organization.");
  return {
    actor: {
      type: fresh.tokenId ? "token" : "session",
      userId: fresh.userId,
      email: fresh.email,
      ...(fresh.sessionId && { sessionId: fresh.sessionId }),
      ...(fresh.tokenId && { tokenId: fresh.tokenId }),
    },
    orgId: fresh.orgId,
    role: fresh.role,
    requestId,
    ip,
  };
}
