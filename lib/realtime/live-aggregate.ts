/**
 * A live aggregate in the browser (docs/realtime.md, "Aggregates"): subscribe, keep the latest
 * figures, subscribe again after a reconnect or a RESUBSCRIBE, and say how fresh they are —
 * the same connecting / live / reconnecting / stale truth as a list. No React here; see use-aggregate.ts.
 */
import type { Socket } from "socket.io-client";
import type {
  Ack,
  AggregateSubscribeRequest,
  AggregateUpdatePayload,
  ClientToServerEvents,
  RealtimeError,
  ServerToClientEvents,
  SubscriptionRef,
  WatchState,
} from "./contract";
import type { LiveState } from "./live-list";

type AggregateSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The socket's side of freshness: has the server answered this subscription (since the last drop)? */
export type ConnectionState = { state: Exclude<LiveState, "stale">; since: string };

export type AggregateState<T> = {
  /** The latest figures; null until the first arrive (or after a refusal). */
  data: T | null;
  /**
   * The least fresh of the socket and the upstreams behind the figures: "connecting" until the
   * first figures arrive, "reconnecting" only after the socket was lost.
   */
  state: LiveState;
  since: string;
  reason?: string;
  /** The socket alone (the fleet home's header: each cluster card says its own upstream's truth). */
  connection: ConnectionState;
  /** The subscription was refused (FORBIDDEN, NOT_FOUND...). */
  error?: RealtimeError;
};

export class LiveAggregateClient<T> {
  private data: T | null = null;
  private upstream?: { state: WatchState; since: string; reason?: string };
  private connection: ConnectionState = { state: "connecting", since: now() };
  private error?: RealtimeError;
  private subscriptionId?: string;
  private cached?: AggregateState<T>;
  private readonly listeners = new Set<() => void>();
  private off: (() => void)[] = [];
  private disposed = true;

  constructor(
    private readonly socket: AggregateSocket,
    private readonly request: AggregateSubscribeRequest,
  ) {}

  /** Subscribe now and after every reconnect. Safe to call again after dispose() (React's strict effects). */
  start() {
    if (!this.disposed) return;
    this.disposed = false;
    const onUpdate = (payload: AggregateUpdatePayload) => this.update(payload);
    const onConnect = () => this.subscribe();
    const onDisconnect = () => {
      this.subscriptionId = undefined;
      this.connection = { state: "reconnecting", since: now() };
      this.changed();
    };
    this.socket.on("aggregate:update", onUpdate);
    this.socket.on("connect", onConnect);
    this.socket.on("disconnect", onDisconnect);
    this.off = [
      () => this.socket.off("aggregate:update", onUpdate),
      () => this.socket.off("connect", onConnect),
      () => this.socket.off("disconnect", onDisconnect),
    ];
    if (this.socket.connected) this.subscribe();
  }

  dispose() {
    this.disposed = true;
    for (const off of this.off) off();
    this.off = [];
    if (this.subscriptionId && this.socket.connected) {
      this.socket.emit("aggregate:unsubscribe", { subscriptionId: this.subscriptionId });
    }
    this.subscriptionId = undefined;
  }

  onChange = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): AggregateState<T> => {
    // Until the server answered (first figures, or after a drop) the socket's state is the truth.
    const shown = this.connection.state === "live" && this.upstream ? this.upstream : this.connection;
    this.cached ??= {
      data: this.data,
      ...shown,
      connection: this.connection,
      ...(this.error && { error: this.error }),
    };
    return this.cached;
  };

  private subscribe() {
    if (this.disposed) return;
    this.subscriptionId = undefined;
    this.socket.emit("aggregate:subscribe", this.request, (ack: Ack<SubscriptionRef>) => {
      if (this.disposed) {
        if (ack.ok) this.socket.emit("aggregate:unsubscribe", { subscriptionId: ack.subscriptionId });
        return;
      }
      this.error = ack.ok ? undefined : ack.error;
      if (ack.ok) this.subscriptionId = ack.subscriptionId;
      else this.data = null;
      this.changed();
    });
  }

  private update(payload: AggregateUpdatePayload) {
    if (payload.subscriptionId !== this.subscriptionId) return;
    if (payload.code) {
      // The server ended it: access changed (subscribe again, checked afresh) or was revoked.
      this.subscriptionId = undefined;
      if (payload.code === "RESUBSCRIBE") this.subscribe();
      else this.error = { code: "FORBIDDEN", message: payload.reason ?? "Access was revoked." };
      this.changed();
      return;
    }
    this.data = payload.data as T;
    if (this.connection.state !== "live") this.connection = { state: "live", since: now() };
    this.upstream = { state: payload.state, since: payload.since, ...(payload.reason && { reason: payload.reason }) };
    this.changed();
  }

  private changed() {
    this.cached = undefined;
    for (const listener of this.listeners) listener();
  }
}

function now() {
  return new Date().toISOString();
}
