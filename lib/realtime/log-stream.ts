/**
 * A live log view in the browser (docs/logs.md, The viewer): subscribe, keep lines and the
 * server's markers (joined, left, restarted, skipped N) in one bounded ring, resume after a
 * reconnect from the last line held (`sinceTime`: nothing twice, nothing lost), subscribe again on
 * RESUBSCRIBE, and say honestly what state the view is in. Framework-free: the hook in
 * use-log-stream.ts wraps it for React, and unit tests drive it with a fake socket.
 */
import type { Socket } from "socket.io-client";
import type {
  Ack,
  ClientToServerEvents,
  LogLinePayload,
  LogsStatusPayload,
  LogsSubscribeRequest,
  RealtimeError,
  ServerToClientEvents,
  SubscriptionRef,
} from "./contract";

type LogSocket = Pick<Socket<ServerToClientEvents, ClientToServerEvents>, "connected" | "emit" | "on" | "off">;

/** Lines a page keeps by default; older ones are dropped and counted. */
export const LOG_BUFFER_LINES = 100_000;

export type LogMarkerKind = LogsStatusPayload["kind"];

export type LogEntry =
  | ({ seq: number; type: "line" } & LogLinePayload)
  | {
      seq: number;
      type: "marker";
      kind: LogMarkerKind;
      pod?: string;
      container?: string;
      count?: number;
      message?: string;
      /** When the marker arrived (the server's lines carry their own time). */
      at: string;
    };

/**
 * connecting: before the first answer. live: following. reconnecting: the socket dropped, lines
 * resume when it is back. finished: a previous container's log, read to its end. refused: the
 * server said no (or ended the view: access revoked).
 */
export type LogStreamPhase = "connecting" | "live" | "reconnecting" | "finished" | "refused";

export type LogStreamState = {
  phase: LogStreamPhase;
  /** When the phase began (ISO). */
  since: string;
  error?: RealtimeError;
  /** Entries, oldest first; the first has seq `firstSeq`. The same array grows: read with `version`. */
  entries: readonly LogEntry[];
  firstSeq: number;
  /** Older entries dropped to keep the ring bounded. */
  dropped: number;
  /** Changes whenever entries or the phase change. */
  version: number;
};

export class LogStream {
  private entries: LogEntry[] = [];
  private nextSeq = 0;
  private dropped = 0;
  private lastTs?: string;
  private phase: LogStreamPhase = "connecting";
  private since = now();
  private error?: RealtimeError;
  private subscriptionId?: string;
  private version = 0;
  private cached?: LogStreamState;
  private readonly listeners = new Set<() => void>();
  private disposed = true;
  private off: (() => void)[] = [];

  constructor(
    private readonly socket: LogSocket,
    private readonly request: LogsSubscribeRequest,
    private readonly capacity = LOG_BUFFER_LINES,
  ) {}

  /** Subscribe now and after every reconnect; safe to call again after dispose() (React's strict effects). */
  start() {
    if (!this.disposed) return;
    this.disposed = false;
    const onLines = (payload: { subscriptionId: string; lines: LogLinePayload[] }) => this.lines(payload);
    const onStatus = (payload: LogsStatusPayload) => this.status(payload);
    const onConnect = () => this.subscribe();
    const onDisconnect = () => this.lostConnection();
    const socket = this.socket as unknown as {
      on(event: string, listener: unknown): void;
      off(event: string, listener: unknown): void;
    };
    const pairs: [string, unknown][] = [
      ["logs:lines", onLines],
      ["logs:status", onStatus],
      ["connect", onConnect],
      ["disconnect", onDisconnect],
    ];
    for (const [event, listener] of pairs) socket.on(event, listener);
    this.off = pairs.map(
      ([event, listener]) =>
        () =>
          socket.off(event, listener),
    );
    if (this.socket.connected) this.subscribe();
  }

  dispose() {
    this.disposed = true;
    for (const off of this.off) off();
    this.off = [];
    this.unsubscribe();
  }

  getState = (): LogStreamState => (this.cached ??= this.build());

  onChange = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  // --- subscription --------------------------------------------------------------------------------

  private subscribe() {
    if (this.disposed) return;
    this.subscriptionId = undefined;
    const request = this.lastTs ? { ...this.request, sinceTime: this.lastTs } : this.request;
    this.socket.emit("logs:subscribe", request, (ack: Ack<SubscriptionRef>) => {
      if (this.disposed) {
        if (ack.ok) this.socket.emit("logs:unsubscribe", { subscriptionId: ack.subscriptionId });
        return;
      }
      if (!ack.ok) return this.refuse(ack.error);
      this.subscriptionId = ack.subscriptionId;
      this.error = undefined;
      this.enter(this.request.previous ? "finished" : "live");
      this.flushEarly();
    });
  }

  private unsubscribe() {
    if (this.subscriptionId && this.socket.connected) {
      this.socket.emit("logs:unsubscribe", { subscriptionId: this.subscriptionId });
    }
    this.subscriptionId = undefined;
  }

  private lostConnection() {
    this.subscriptionId = undefined;
    if (this.phase === "live" || this.phase === "connecting") this.enter("reconnecting");
  }

  private refuse(error: RealtimeError) {
    this.error = error;
    this.subscriptionId = undefined;
    this.enter("refused");
  }

  // --- frames ----------------------------------------------------------------------------------------

  /** Frames that arrive before the ack (the backlog is sent first) wait for the id; at most a few. */
  private early: { subscriptionId: string; lines: LogLinePayload[] }[] = [];

  private lines(payload: { subscriptionId: string; lines: LogLinePayload[] }) {
    if (!this.subscriptionId) {
      if (this.early.length < 16) this.early.push(payload);
      return;
    }
    if (payload.subscriptionId !== this.subscriptionId) return;
    for (const line of payload.lines) {
      // After a resubscribe the server sends only what is newer; this keeps an overlap out too.
      if (this.lastTs && line.ts && line.ts < this.lastTs) continue;
      this.push({ ...line, seq: 0, type: "line" });
      if (line.ts) this.lastTs = line.ts;
    }
    this.changed();
  }

  private flushEarly() {
    const early = this.early;
    this.early = [];
    for (const payload of early) this.lines(payload);
  }

  private status(payload: LogsStatusPayload) {
    if (payload.subscriptionId !== this.subscriptionId) return;
    const { subscriptionId: _id, ...marker } = payload;
    this.push({ ...marker, seq: 0, type: "marker", at: now() });
    if (payload.code === "RESUBSCRIBE") {
      this.subscriptionId = undefined;
      this.subscribe();
    } else if (payload.code === "FORBIDDEN") {
      this.refuse({ code: "FORBIDDEN", message: payload.message ?? "Your access to these logs ended." });
    }
    this.changed();
  }

  private push(entry: LogEntry) {
    entry.seq = this.nextSeq++;
    this.entries.push(entry);
    // Trimmed in steps, not per line: one copy per few thousand lines keeps pushes cheap.
    const excess = this.entries.length - this.capacity;
    if (excess >= Math.max(1, Math.floor(this.capacity / 20))) {
      this.entries = this.entries.slice(excess);
      this.dropped += excess;
    }
  }

  // --- state ---------------------------------------------------------------------------------------

  private enter(phase: LogStreamPhase) {
    if (this.phase !== phase) {
      this.phase = phase;
      this.since = now();
    }
    this.changed();
  }

  private changed() {
    this.version += 1;
    this.cached = undefined;
    for (const listener of this.listeners) listener();
  }

  private build(): LogStreamState {
    return {
      phase: this.phase,
      since: this.since,
      ...(this.error && { error: this.error }),
      entries: this.entries,
      firstSeq: this.entries[0]?.seq ?? this.nextSeq,
      dropped: this.dropped,
      version: this.version,
    };
  }
}

function now() {
  return new Date().toISOString();
}
