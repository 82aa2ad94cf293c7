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

/** Clusters one cross-cluster list may merge; namespaces one view may merge. */
export const MAX_VIEW_CLUSTERS = 20;
export const MAX_VIEW_NAMESPACES = 50;
/** Rows one window may carry. */
export const MAX_WINDOW_ROWS = 500;

/**
 * A query over a view's cached rows, run on the server: the browser receives the window it shows
 * and the total, never the whole list (docs/realtime.md, "Windows").
 */
export const watchQuery = z.object({
  /** Case-insensitive substring of the name, namespace or status label. */
  filter: z.string().max(256).optional(),
  /** A column id of the kind (lib/resources/kinds), and a direction. Default: namespace, then name. */
  sort: z.object({ column: z.string().min(1).max(64), direction: z.enum(["asc", "desc"]) }).optional(),
  /** OFFSET window: a virtualized table jumps to any scroll position. */
  window: z.object({
    offset: z.number().int().min(0).max(100_000),
    limit: z.number().int().min(1).max(MAX_WINDOW_ROWS),
  }),
});
export type WatchQuery = z.infer<typeof watchQuery>;

export const watchSubscribeRequest = z
  .object({
    /** One cluster... */
    clusterId: z.string().uuid().optional(),
    /** ...or a cross-cluster list: each cluster is authorized on its own. */
    clusterIds: z.array(z.string().uuid()).min(1).max(MAX_VIEW_CLUSTERS).optional(),
    /** As kubectl spells it: `pods`, `deployments.apps`, `certificates.cert-manager.io`. */
    resource: z.string().min(1).max(253),
    namespace: dnsLabel.optional(),
    /** Several namespaces merged into one list. */
    namespaces: z.array(dnsLabel).min(1).max(MAX_VIEW_NAMESPACES).optional(),
    labelSelector: z.string().max(1024).optional(),
    fieldSelector: z.string().max(1024).optional(),
    /** With a query, the subscription receives `watch:window` frames instead of snapshot + deltas. */
    query: watchQuery.optional(),
  })
  .superRefine((request, context) => {
    if ((request.clusterId === undefined) === (request.clusterIds === undefined)) {
      context.addIssue({ code: "custom", path: ["clusterId"], message: "give clusterId or clusterIds, not both" });
    }
    if (request.namespace !== undefined && request.namespaces !== undefined) {
      context.addIssue({ code: "custom", path: ["namespaces"], message: "give namespace or namespaces, not both" });
    }
  });
export type WatchSubscribeRequest = z.infer<typeof watchSubscribeRequest>;

export const subscriptionRef = z.object({ subscriptionId: z.string().min(1).max(64) });
export type SubscriptionRef = z.infer<typeof subscriptionRef>;

export const watchState = z.enum(["live", "reconnecting", "stale"]);
export type WatchState = z.infer<typeof watchState>;

/** A row as lib/resources/types.ts defines ResourceRow; checked loosely, the server built it. */
const row = z.looseObject({ uid: z.string(), name: z.string(), resourceVersion: z.string() });

/**
 * A full list's rows, to the subscribing socket only. A cross-cluster list sends one snapshot per
 * cluster, naming it; a client replaces that cluster's rows with these.
 */
export const watchSnapshotPayload = z.object({
  subscriptionId: z.string(),
  rows: z.array(row),
  /** Opaque; empty when the rows merge several upstreams. */
  resourceVersion: z.string(),
  clusterId: z.string().optional(),
});

/** The row envelope names the cluster in cross-cluster lists (the cached row never holds it). */
export const watchDeltaPayload = z.object({
  subscriptionId: z.string(),
  events: z.array(z.object({ type: z.enum(["ADDED", "MODIFIED", "DELETED"]), row, clusterId: z.string().optional() })),
});

/** A windowed subscription's rows: the whole window again whenever it changed (order and total included). */
export const watchWindowPayload = z.object({
  subscriptionId: z.string(),
  offset: z.number(),
  total: z.number(),
  entries: z.array(z.object({ row, clusterId: z.string().optional() })),
});

export const watchReasonCode = z.enum([
  "UNREACHABLE",
  "FORBIDDEN",
  "UNAUTHORIZED",
  "NOT_FOUND",
  "TOO_LARGE",
  "RESUBSCRIBE",
]);

/**
 * Per subscription, and per merged upstream when there are several (`clusterId`, `namespace` say
 * which). RESUBSCRIBE is final for that subscription: subscribe again (access is re-checked).
 */
export const watchStatusPayload = z.object({
  subscriptionId: z.string(),
  state: watchState,
  reason: z.string().optional(),
  code: watchReasonCode.optional(),
  /** When the state began (ISO time): "stale since 14:02". */
  since: z.string().optional(),
  clusterId: z.string().optional(),
  namespace: z.string().optional(),
});
export type WatchStatusPayload = z.infer<typeof watchStatusPayload>;

// ---------------------------------------------------------------------------------------------
// Live logs (the log hub, docs/logs.md). A client subscribes to one pod, a workload or a label
// selector in a namespace; the ack carries the subscription id, then `logs:lines` batches (the
// first one holds the backlog) and `logs:status` notes arrive for it.

/** The workloads whose pods a log view follows. */
export const LOG_WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"] as const;

/** A log line's time as the hub sends it: RFC 3339, UTC, 9 fraction digits (compares as a string). */
const logTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/, "must be a log line's ts");
const namespaceName = z.string().min(1).max(63);

export const logsSubscribeRequest = z
  .object({
    clusterId: z.string().uuid(),
    namespace: namespaceName,
    pod: dnsLabel.optional(),
    workload: z.object({ kind: z.enum(LOG_WORKLOAD_KINDS), name: dnsLabel }).optional(),
    labelSelector: z.string().min(1).max(1024).optional(),
    /** Unset: kubectl's default container of each pod. */
    container: z.string().min(1).max(63).optional(),
    tailLines: z.number().int().min(0).max(5000).optional(),
    sinceSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 3600)
      .optional(),
    /** The previous (terminated) container instance: a finished log, not followed. */
    previous: z.boolean().optional(),
    /** Lines always carry `ts`; this only says whether the viewer shows it (kept for the URL). */
    timestamps: z.boolean().optional(),
    /** Resume after a reconnect: only lines after the last one the viewer holds. */
    sinceTime: logTimestamp.optional(),
  })
  .refine((request) => [request.pod, request.workload, request.labelSelector].filter(Boolean).length === 1, {
    message: "give exactly one of pod, workload or labelSelector",
    path: ["pod"],
  });
export type LogsSubscribeRequest = z.infer<typeof logsSubscribeRequest>;

export const logLine = z.object({ pod: z.string(), container: z.string(), ts: z.string(), text: z.string() });
export type LogLinePayload = z.infer<typeof logLine>;

export const logsLinesPayload = z.object({ subscriptionId: z.string(), lines: z.array(logLine) });

/**
 * joined / left: a pod's container entered or left a many-pod view. restarted: the stream ended
 * and was reopened (the container restarted). skipped: this viewer read too slowly and `count`
 * lines were dropped for it. capped: the view reached its pod limit. error: says why, for `pod`
 * when set, for the whole view otherwise.
 */
export const logsStatusPayload = z.object({
  subscriptionId: z.string(),
  kind: z.enum(["joined", "left", "restarted", "skipped", "capped", "error"]),
  pod: z.string().optional(),
  container: z.string().optional(),
  count: z.number().int().optional(),
  message: z.string().optional(),
  /**
   * Set when the server ended the subscription (an error with a code is final): FORBIDDEN, access
   * was revoked; RESUBSCRIBE, access changed and subscribing again reads as the new identity.
   */
  code: z.enum(["FORBIDDEN", "RESUBSCRIBE"]).optional(),
});
export type LogsStatusPayload = z.infer<typeof logsStatusPayload>;

// ---------------------------------------------------------------------------------------------
// Presence (docs/resource-views.md, Presence): who in the org has a saved view open right now.
// A socket joins a view it may open; the server sends `presence:update` to everyone there when
// someone arrives or leaves (a closed tab leaves with its socket).

/** Views one socket may be present in at once (tabs share the socket); viewers one update lists. */
export const MAX_PRESENCE_VIEWS = 8;
export const MAX_PRESENCE_VIEWERS = 50;

export const presenceRequest = z.object({ viewId: z.string().uuid() });
export type PresenceRequest = z.infer<typeof presenceRequest>;

export const presenceViewer = z.object({ userId: z.string(), name: z.string(), email: z.string() });
export type PresenceViewer = z.infer<typeof presenceViewer>;

/** Everyone present, at most MAX_PRESENCE_VIEWERS of them; `total` counts them all. */
export const presenceUpdatePayload = z.object({
  viewId: z.string(),
  viewers: z.array(presenceViewer),
  total: z.number().int(),
});
export type PresenceUpdatePayload = z.infer<typeof presenceUpdatePayload>;

/** A view shared with the org was saved, changed or deleted: sidebars read their list again. */
export const viewsChangedPayload = z.object({ orgId: z.string() });

// ---------------------------------------------------------------------------------------------
// Live aggregates (docs/realtime.md, "Aggregates"): figures computed on the server from the watch
// hub's cached rows — the cluster overview, the fleet home, the events page's groups — so a
// browser never holds every pod. A client subscribes; `aggregate:update` frames follow, at most
// one a second per subscription, and only when the figures changed.

/** Event history ranges of the events page. */
export const EVENT_RANGES = ["1h", "24h", "7d"] as const;
export type EventRange = (typeof EVENT_RANGES)[number];
/** Event groups one window may carry. */
export const MAX_GROUP_WINDOW = 200;

export const aggregateSubscribeRequest = z.discriminatedUnion("view", [
  z.object({
    view: z.literal("overview"),
    clusterId: z.string().uuid(),
    /** A namespace-scoped identity: the only namespaces it may use. */
    namespaces: z.array(dnsLabel).min(1).max(MAX_VIEW_NAMESPACES).optional(),
  }),
  z.object({ view: z.literal("fleet") }),
  z.object({
    view: z.literal("events"),
    clusterId: z.string().uuid(),
    namespaces: z.array(dnsLabel).min(1).max(MAX_VIEW_NAMESPACES).optional(),
    warningsOnly: z.boolean().optional(),
    filter: z.string().max(256).optional(),
    range: z.enum(EVENT_RANGES),
    window: z.object({
      offset: z.number().int().min(0).max(100_000),
      limit: z.number().int().min(1).max(MAX_GROUP_WINDOW),
    }),
  }),
]);
export type AggregateSubscribeRequest = z.infer<typeof aggregateSubscribeRequest>;
export type AggregateView = AggregateSubscribeRequest["view"];

/**
 * The figures, whole, whenever they changed. `state` is the least fresh of the upstreams behind
 * them; `code` RESUBSCRIBE (access changed) or FORBIDDEN ends the subscription. `data`'s shape is
 * the view's (lib/resources/aggregates.ts), typed rather than re-validated, like row frames.
 */
export const aggregateUpdatePayload = z.object({
  subscriptionId: z.string(),
  view: z.enum(["overview", "fleet", "events"]),
  state: watchState,
  since: z.string(),
  reason: z.string().optional(),
  code: z.enum(["FORBIDDEN", "RESUBSCRIBE"]).optional(),
  data: z.looseObject({}).nullable(),
});
export type AggregateUpdatePayload = z.infer<typeof aggregateUpdatePayload>;

// ---------------------------------------------------------------------------------------------
// The maps socket.io's typed Server/Socket generics take.

type Payload<S extends z.ZodType> = z.infer<S>;

export interface ServerToClientEvents {
  "access:changed": (payload: Payload<typeof accessChangedPayload>) => void;
  "cluster:health": (payload: Payload<typeof clusterHealthPayload>) => void;
  "watch:snapshot": (payload: Payload<typeof watchSnapshotPayload>) => void;
  "watch:delta": (payload: Payload<typeof watchDeltaPayload>) => void;
  "watch:window": (payload: Payload<typeof watchWindowPayload>) => void;
  "watch:status": (payload: Payload<typeof watchStatusPayload>) => void;
  "logs:lines": (payload: Payload<typeof logsLinesPayload>) => void;
  "logs:status": (payload: Payload<typeof logsStatusPayload>) => void;
  "presence:update": (payload: Payload<typeof presenceUpdatePayload>) => void;
  "views:changed": (payload: Payload<typeof viewsChangedPayload>) => void;
  "aggregate:update": (payload: Payload<typeof aggregateUpdatePayload>) => void;
}

export interface ClientToServerEvents {
  "watch:subscribe": (request: WatchSubscribeRequest, ack: (result: Ack<SubscriptionRef>) => void) => void;
  "watch:unsubscribe": (request: SubscriptionRef, ack?: (result: Ack) => void) => void;
  "logs:subscribe": (request: LogsSubscribeRequest, ack: (result: Ack<SubscriptionRef>) => void) => void;
  "logs:unsubscribe": (request: SubscriptionRef, ack?: (result: Ack) => void) => void;
  "presence:join": (request: PresenceRequest, ack: (result: Ack<PresenceUpdatePayload>) => void) => void;
  "presence:leave": (request: PresenceRequest, ack?: (result: Ack) => void) => void;
  "aggregate:subscribe": (request: AggregateSubscribeRequest, ack: (result: Ack<SubscriptionRef>) => void) => void;
  "aggregate:unsubscribe": (request: SubscriptionRef, ack?: (result: Ack) => void) => void;
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
  "logs:subscribe": logsSubscribeRequest,
  "logs:unsubscribe": subscriptionRef,
  "presence:join": presenceRequest,
  "presence:leave": presenceRequest,
  "aggregate:subscribe": aggregateSubscribeRequest,
  "aggregate:unsubscribe": subscriptionRef,
} as const satisfies Record<ClientEvent, z.ZodType>;

/** Server payload schemas, for tests and for browser code that wants to check a frame. */
export const SERVER_PAYLOAD_SCHEMAS = {
  "access:changed": accessChangedPayload,
  "cluster:health": clusterHealthPayload,
  "watch:snapshot": watchSnapshotPayload,
  "watch:delta": watchDeltaPayload,
  "watch:window": watchWindowPayload,
  "watch:status": watchStatusPayload,
  "logs:lines": logsLinesPayload,
  "logs:status": logsStatusPayload,
  "presence:update": presenceUpdatePayload,
  "views:changed": viewsChangedPayload,
  "aggregate:update": aggregateUpdatePayload,
} as const satisfies Record<ServerEvent, z.ZodType>;
