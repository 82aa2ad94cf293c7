/**
 * A live list in the browser (docs/realtime.md, "In the browser"): subscribe, apply the snapshot
 * and the deltas (or the windows), resubscribe after a reconnect or a RESUBSCRIBE status, and say
 * honestly how fresh the rows are. Framework-free, so hooks and tests share it; the hooks in
 * use-resource-list.ts wrap it for React.
 */
import type { ResourceRow } from "@/lib/resources/types";
import type { Socket } from "socket.io-client";
import type {
  Ack,
  ClientToServerEvents,
  RealtimeError,
  ServerToClientEvents,
  SubscriptionRef,
  WatchState,
  WatchStatusPayload,
  WatchSubscribeRequest,
} from "./contract";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A row as a list shows it; `clusterId` is set in cross-cluster lists. */
export type LiveRow = ResourceRow & { clusterId?: string };

/** One merged upstream's state (a cluster, or a namespace of it), for "cluster b is stale since 14:02". */
export type SourceState = Omit<WatchStatusPayload, "subscriptionId">;

/**
 * How fresh what a page shows is: an upstream's state (live, reconnecting, stale), or, before the
 * server answered this page at all, "connecting". "reconnecting" is said only after something was
 * lost (the socket, or an upstream), never on the very first connect.
 */
export type LiveState = "connecting" | WatchState;

/** Nothing has answered yet (first connect, or a connection lost): "Listing…" rather than "None". */
export function isAwaitingAnswer(state: LiveState) {
  return state === "connecting" || state === "reconnecting";
}

export type LiveListState = {
  rows: readonly LiveRow[];
  /** Rows matching across all windows (windowed lists), else rows.length. */
  total: number;
  /** The least fresh of the merged upstreams, and of the socket itself. */
  state: LiveState;
  /** When that state began (ISO time). */
  since: string;
  sources: readonly SourceState[];
  /** The subscription was refused (FORBIDDEN, NOT_FOUND...): rows stay empty. */
  error?: RealtimeError;
  /** Opaque; empty for merged lists. */
  resourceVersion: string;
};

const ORDER: Record<LiveState, number> = { live: 0, connecting: 1, reconnecting: 2, stale: 3 };

export class LiveList {
  private rows = new Map<string, LiveRow>();
  private windowRows?: LiveRow[];
  private total = 0;
  private sources = new Map<string, SourceState>();
  /** "connecting" until the server first answers this list; "reconnecting" once the socket was lost. */
  private connection: { state: LiveState; since: string } = { state: "connecting", since: now() };
  private error?: RealtimeError;
  private resourceVersion = "";
  private subscriptionId?: string;
  private listeners = new Set<() => void>();
  private cached?: LiveListState;
  private disposed = true;
  private off: (() => void)[] = [];

  constructor(
    private readonly socket: LiveSocket,
    private readonly request: WatchSubscribeRequest,
    /** Rows the server rendered for this request: shown until the first window replaces them. */
    seed?: { rows: readonly LiveRow[]; total: number; sources: readonly SourceState[] },
  ) {
    if (!seed) return;
    this.windowRows = [...seed.rows];
    this.total = seed.total;
    for (const source of seed.sources) this.sources.set(`${source.clusterId ?? ""}/${source.namespace ?? ""}`, source);
  }

  /** Subscribe now and after every reconnect. Safe to call again after dispose() (React's strict effects). */
  start() {
    if (!this.disposed) return;
    this.disposed = false;
    const { socket } = this;
    this.on("watch:snapshot", (payload) => this.snapshot(payload));
    this.on("watch:delta", (payload) => this.delta(payload));
    this.on("watch:window", (payload) => this.window(payload));
    this.on("watch:status", (payload) => this.status(payload));
    const onConnect = () => this.subscribe();
    const onDisconnect = () => this.lostConnection();
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    this.off.push(
      () => socket.off("connect", onConnect),
      () => socket.off("disconnect", onDisconnect),
    );
    if (socket.connected) this.subscribe();
  }

  /** For useSyncExternalStore: the same object until something changed. */
  getState = (): LiveListState => (this.cached ??= this.build());

  onChange = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose() {
    this.disposed = true;
    for (const off of this.off) off();
    this.off = [];
    if (this.subscriptionId && this.socket.connected) {
      this.socket.emit("watch:unsubscribe", { subscriptionId: this.subscriptionId });
    }
  }

  // --- subscription --------------------------------------------------------------------------------

  private subscribe() {
    if (this.disposed) return;
    this.subscriptionId = undefined;
    // Each cluster's rows are replaced by its fresh snapshot: nothing doubles, and deletes missed
    // while away are applied. Statuses come again after the snapshot.
    this.sources.clear();
    this.socket.emit("watch:subscribe", this.request, (ack: Ack<SubscriptionRef>) => {
      if (this.disposed) {
        if (ack.ok) this.socket.emit("watch:unsubscribe", { subscriptionId: ack.subscriptionId });
        return;
      }
      if (!ack.ok) {
        this.error = ack.error;
        this.rows.clear();
        this.windowRows = undefined;
        this.total = 0;
        this.changed();
        return;
      }
      this.error = undefined;
      this.subscriptionId = ack.subscriptionId;
      this.changed();
    });
  }

  private lostConnection() {
    this.subscriptionId = undefined;
    this.connection = { state: "reconnecting", since: now() };
    this.changed();
  }

  // --- frames ----------------------------------------------------------------------------------------

  private snapshot(payload: Parameters<ServerToClientEvents["watch:snapshot"]>[0]) {
    if (payload.subscriptionId !== this.subscriptionId) return;
    const cluster = payload.clusterId ?? "";
    for (const key of [...this.rows.keys()]) if (key.startsWith(`${cluster}/`)) this.rows.delete(key);
    for (const row of payload.rows) this.upsert(row as ResourceRow, payload.clusterId);
    this.resourceVersion = payload.resourceVersion;
    this.markLive();
    this.changed();
  }

  private delta(payload: Parameters<ServerToClientEvents["watch:delta"]>[0]) {
    if (payload.subscriptionId !== this.subscriptionId) return;
    for (const event of payload.events) {
      if (event.type === "DELETED") this.rows.delete(keyOf(event.row.uid, event.clusterId));
      else this.upsert(event.row as ResourceRow, event.clusterId);
    }
    this.changed();
  }

  private window(payload: Parameters<ServerToClientEvents["watch:window"]>[0]) {
    if (payload.subscriptionId !== this.subscriptionId) return;
    this.windowRows = payload.entries.map((entry) => withCluster(entry.row as ResourceRow, entry.clusterId));
    this.total = payload.total;
    this.markLive();
    this.changed();
  }

  private status(payload: WatchStatusPayload) {
    if (payload.subscriptionId !== this.subscriptionId) return;
    const { subscriptionId: _id, ...state } = payload;
    this.markLive();
    this.sources.set(`${payload.clusterId ?? ""}/${payload.namespace ?? ""}`, state);
    const refused = payload.code === "FORBIDDEN" || payload.code === "NOT_FOUND" || payload.code === "UNAUTHORIZED";
    if (refused && payload.clusterId !== undefined) {
      // A cluster the caller may not see (any more) contributes nothing.
      for (const key of [...this.rows.keys()]) if (key.startsWith(`${payload.clusterId}/`)) this.rows.delete(key);
    }
    this.changed();
    if (payload.code === "RESUBSCRIBE") this.subscribe();
  }

  /** The socket is back and the server answers this subscription again. */
  private markLive() {
    if (this.connection.state !== "live") this.connection = { state: "live", since: now() };
  }

  private upsert(row: ResourceRow, clusterId: string | undefined) {
    this.rows.set(keyOf(row.uid, clusterId), withCluster(row, clusterId));
  }

  // --- state ---------------------------------------------------------------------------------------

  private changed() {
    this.cached = undefined;
    for (const listener of this.listeners) listener();
  }

  private build(): LiveListState {
    const sources = [...this.sources.values()];
    let worst: { state: LiveState; since: string } = this.connection;
    for (const source of sources) {
      if (ORDER[source.state] > ORDER[worst.state]) worst = { state: source.state, since: source.since ?? now() };
    }
    const rows = this.windowRows ?? [...this.rows.values()];
    return {
      rows,
      total: this.windowRows ? this.total : rows.length,
      state: worst.state,
      since: worst.since,
      sources,
      ...(this.error && { error: this.error }),
      resourceVersion: this.resourceVersion,
    };
  }

  private on<E extends "watch:snapshot" | "watch:delta" | "watch:window" | "watch:status">(
    event: E,
    listener: ServerToClientEvents[E],
  ) {
    // socket.io's typed `on` cannot narrow a generic event key; the event map still types `listener`.
    const untyped = this.socket as unknown as {
      on(event: string, listener: unknown): void;
      off(event: string, listener: unknown): void;
    };
    untyped.on(event, listener);
    this.off.push(() => untyped.off(event, listener));
  }
}

function keyOf(uid: string, clusterId: string | undefined) {
  return `${clusterId ?? ""}/${uid}`;
}

function withCluster(row: ResourceRow, clusterId: string | undefined): LiveRow {
  return clusterId === undefined ? row : { ...row, clusterId };
}

function now() {
  return new Date().toISOString();
}
