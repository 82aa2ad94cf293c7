/**
 * The realtime wire contract shared by server and browser (docs/realtime.md): every event's name
 * and its zod schema, and the socket.io event maps derived from them. Event names are `noun:verb`.
 * The server validates everything a client sends; clients never name rooms.
 */
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";

export const REALTIME_PATH = "/socket.io";

const errorCodes = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** What a refused request hears back: our error code and a sentence for the user. */
export const realtimeError = z.object({ code: z.enum(errorCodes), message: z.string() });
export type RealtimeError = z.infer<typeof realtimeError>;

/** The shape of every acknowledgement: `{ok: true, ...}` or `{ok: false, error}`. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: RealtimeError };

// ---------------------------------------------------------------------------------------------
// Server → client: org and account events

export const accessChangedPayload = z.object({
  orgId: z.string(),
  reason: z.enum(["role_changed", "removed", "signed_out"]),
});
export type AccessChangedPayload = z.infer<typeof accessChangedPayload>;

export const clusterHealth = z.object({
  status: z.enum(["unknown", "healthy", "unreachable"]),
  version: z.string().nullable(),
  latencyMs: z.number().nullable(),
  lastError: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /**
   * When the monitor checks next (ISO time); null before the first check. While the circuit is
   * open this is the next half-open probe, so a page can say "next check in 12 s".
   */
  nextCheckAt: z.string().nullable(),
  nodeCount: z.number().nullable(),
  podCount: z.number().nullable(),
  /** Open: the cluster failed repeatedly; only a single probe runs, at `nextCheckAt`. */
  circuit: z.enum(["closed", "open"]),
});

export const clusterHealthPayload = z.object({ clusterId: z.string(), health: clusterHealth });
export type ClusterHealthPayload = z.infer<typeof clusterHealthPayload>;

// ---------------------------------------------------------------------------------------------
// Live resource lists (the watch hub). A client subscribes; the server answers with an ack,
// sends one snapshot to that socket, then delta batches and status changes to the subscription.

const dnsLabel = z.string().min(1).max(253);

export const watchSubscribeRequest = z.object({
  clusterId: z.string().uuid(),
  /** As kubectl spells it: `pods`, `deployments.apps`, `certificates.cert-manager.io`. */
  resource: z.string().min(1).max(253),
  namespace: dnsLabel.optional(),
  labelSelector: z.string().max(1024).optional(),
  fieldSelector: z.string().max(1024).optional(),
});
export type WatchSubscribeRequest = z.infer<typeof watchSubscribeRequest>;

export const subscriptionRef = z.object({ subscriptionId: z.string().min(1).max(64) });
export type SubscriptionRef = z.infer<typeof subscriptionRef>;

export const watchState = z.enum(["live", "reconnecting", "stale"]);
export type WatchState = z.infer<typeof watchState>;

/** A row as lib/resources/types.ts defines ResourceRow; checked loosely, the server built it. */
const row = z.looseObject({ uid: z.string(), name: z.string(), resourceVersion: z.string() });

export const watchSnapshotPayload = z.object({
  subscriptionId: z.string(),
  rows: z.array(row),
  resourceVersion: z.string(),
});

export const watchDeltaPayload = z.object({
  subscriptionId: z.string(),
  events: z.array(z.object({ type: z.enum(["ADDED", "MODIFIED", "DELETED"]), row })),
});

export const watchStatusPayload = z.object({
  subscriptionId: z.string(),
  state: watchState,
  reason: z.string().optional(),
  /** When the state began (ISO time): "stale since 14:02". */
  since: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// The maps socket.io's typed Server/Socket generics take.

type Payload<S extends z.ZodType> = z.infer<S>;

export interface ServerToClientEvents {
  "access:changed": (payload: Payload<typeof accessChangedPayload>) => void;
  "cluster:health": (payload: Payload<typeof clusterHealthPayload>) => void;
  "watch:snapshot": (payload: Payload<typeof watchSnapshotPayload>) => void;
  "watch:delta": (payload: Payload<typeof watchDeltaPayload>) => void;
  "watch:status": (payload: Payload<typeof watchStatusPayload>) => void;
}

export interface ClientToServerEvents {
  "watch:subscribe": (request: WatchSubscribeRequest, ack: (result: Ack<SubscriptionRef>) => void) => void;
  "watch:unsubscribe": (request: SubscriptionRef, ack?: (result: Ack) => void) => void;
}

export type ServerEvent = keyof ServerToClientEvents;
export type ClientEvent = keyof ClientToServerEvents;

/**
 * The schema of every client-sent request, by event: handlers parse with these before anything
 * else, so a malformed or hostile payload never reaches server code.
 */
export const CLIENT_REQUEST_SCHEMAS = {
  "watch:subscribe": watchSubscribeRequest,
  "watch:unsubscribe": subscriptionRef,
} as const satisfies Record<ClientEvent, z.ZodType>;

/** Server payload schemas, for tests and for browser code that wants to check a frame. */
export const SERVER_PAYLOAD_SCHEMAS = {
  "access:changed": accessChangedPayload,
  "cluster:health": clusterHealthPayload,
  "watch:snapshot": watchSnapshotPayload,
  "watch:delta": watchDeltaPayload,
  "watch:status": watchStatusPayload,
} as const satisfies Record<ServerEvent, z.ZodType>;
