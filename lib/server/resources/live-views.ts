/**
 * Rooms: where subscriptions meet the watch hub (docs/realtime.md, "The path of a subscription").
 * A room is one (set of upstream views, query, window); every socket subscribed to it shares its
 * opaque id as subscriptionId, so a batch is encoded once per room, not once per socket. All of
 * this is per-process state behind LiveViews; a socket.io adapter replaces only the fan-out.
 */
import { randomBytes } from "node:crypto";
import type { WatchStatusPayload } from "@/lib/realtime/contract";
import type { ResourceRow } from "@/lib/resources/types";
import type { UpstreamStatus, WatchBatch, WatchDelta } from "@/lib/wire/watch";
import { log } from "../logger";
import { queryWindow } from "../k8s/row-query";
import { getWatchHub, type WatchHandle, type WatchHub } from "../k8s/watch-hub";
import type { RealtimeSocket } from "../realtime/types";
import type { LiveViewPlan, SourcePlan } from "./live-view-plan";

/** How often a windowed room recomputes its window at most (about two animation frames). */
const WINDOW_INTERVAL_MS = 50;
/** A subscriber waits this long for the first list; then it gets what there is and the status. */
const FIRST_SYNC_TIMEOUT_MS = 15_000;
/** Subscriptions one socket may hold (a page shows a few lists; a bound against a runaway client). */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 64;

type Member = { socket: RealtimeSocket; count: number; handles: WatchHandle[][] };

export type Subscribed = {
  subscriptionId: string;
  /** Call after the ack is sent: snapshot (or window) and statuses to this socket, then join. */
  deliver: () => void;
};

export class LiveViews {
  private readonly rooms = new Map<string, Room>();
  private readonly byId = new Map<string, Room>();

  constructor(private readonly hub: () => WatchHub = getWatchHub) {}

  /** Join (or open) the plan's room; the caller was authorized for every source of the plan. */
  async subscribe(socket: RealtimeSocket, plan: LiveViewPlan): Promise<Subscribed> {
    const room = this.rooms.get(plan.key) ?? this.open(plan);
    const handles: WatchHandle[] = [];
    try {
      for (const source of room.plan.sources) handles.push(this.hub().acquire(source.spec));
    } catch (error) {
      // The hub refused one source (too many upstreams): give back what was taken.
      for (const handle of handles) handle.release();
      this.closeIfEmpty(room);
      throw error;
    }
    room.addHandles(socket, handles);
    await room.firstSync(handles);
    return { subscriptionId: room.id, deliver: () => room.deliver(socket, plan) };
  }

  /** Release one hold of this socket on the room; the last one leaves it. */
  unsubscribe(socket: RealtimeSocket, subscriptionId: string): boolean {
    const room = this.byId.get(subscriptionId);
    if (!room?.release(socket, 1)) return false;
    this.closeIfEmpty(room);
    return true;
  }

  /** Every subscription of a socket, with the plan key each was made for. */
  subscriptionsOf(socket: RealtimeSocket): { subscriptionId: string; key: string }[] {
    return [...this.rooms.values()]
      .filter((room) => room.has(socket))
      .map((room) => ({ subscriptionId: room.id, key: room.plan.key }));
  }

  countOf(socket: RealtimeSocket): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.countOf(socket);
    return count;
  }

  /** Remove a socket from a room at once, telling it why (access lost, or it must resubscribe). */
  evict(socket: RealtimeSocket, subscriptionId: string, status: Omit<WatchStatusPayload, "subscriptionId">) {
    const room = this.byId.get(subscriptionId);
    if (!room?.has(socket)) return;
    room.release(socket, Infinity);
    socket.emit("watch:status", { subscriptionId, ...status });
    this.closeIfEmpty(room);
  }

  /** The socket went away: release everything it held. */
  drop(socket: RealtimeSocket) {
    for (const room of [...this.rooms.values()]) {
      if (room.release(socket, Infinity)) this.closeIfEmpty(room);
    }
  }

  stats() {
    let subscriptions = 0;
    for (const room of this.rooms.values()) subscriptions += room.size();
    return { rooms: this.rooms.size, subscriptions };
  }

  private open(plan: LiveViewPlan): Room {
    const room = new Room(plan, () => this.end(room));
    this.rooms.set(plan.key, room);
    this.byId.set(room.id, room);
    return room;
  }

  /** An upstream of the room ended for good (RESUBSCRIBE): its members were told; let them go. */
  private end(room: Room) {
    for (const socket of room.sockets()) room.release(socket, Infinity);
    this.closeIfEmpty(room);
  }

  private closeIfEmpty(room: Room) {
    if (room.size() > 0) return;
    room.close();
    if (this.rooms.get(room.plan.key) === room) this.rooms.delete(room.plan.key);
    this.byId.delete(room.id);
  }
}

const globalForViews = globalThis as unknown as { pilothouseLiveViews?: LiveViews };

export function getLiveViews(): LiveViews {
  return (globalForViews.pilothouseLiveViews ??= new LiveViews());
}

// ---------------------------------------------------------------------------------------------

class Room {
  /** Random and unguessable: knowing it gives nothing (rooms are joined only by the server). */
  readonly id = randomBytes(18).toString("base64url");
  private readonly members = new Map<string, Member>();
  /** Per source: the listener currently registered, and on which handle. */
  private readonly listening: ({ handle: WatchHandle; stop: () => void } | undefined)[];
  private readonly statuses: UpstreamStatus[];
  private emitTo?: RealtimeSocket["nsp"];
  private windowTimer?: NodeJS.Timeout;
  private lastWindow = "";

  constructor(
    readonly plan: LiveViewPlan,
    private readonly ended: () => void,
  ) {
    this.listening = plan.sources.map(() => undefined);
    this.statuses = plan.sources.map(() => ({ state: "reconnecting", since: new Date().toISOString() }));
  }

  has(socket: RealtimeSocket) {
    return this.members.has(socket.id);
  }

  countOf(socket: RealtimeSocket) {
    return this.members.get(socket.id)?.count ?? 0;
  }

  size() {
    return this.members.size;
  }

  sockets(): RealtimeSocket[] {
    return [...this.members.values()].map((member) => member.socket);
  }

  addHandles(socket: RealtimeSocket, handles: WatchHandle[]) {
    this.emitTo ??= socket.nsp;
    const member = this.members.get(socket.id) ?? { socket, count: 0, handles: [] };
    member.count += 1;
    member.handles.push(handles);
    this.members.set(socket.id, member);
    handles.forEach((handle, index) => this.listenOn(index, handle));
  }

  async firstSync(handles: WatchHandle[]) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_SYNC_TIMEOUT_MS)));
    try {
      await Promise.race([Promise.all(handles.map((handle) => handle.firstSync())), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Snapshot (or window) and statuses to this one socket, then join the room, all in one tick:
   * snapshot() hands out pending batches first, so nothing is missed and nothing repeats.
   */
  deliver(socket: RealtimeSocket, plan: LiveViewPlan) {
    if (!this.has(socket) || !socket.connected) return;
    const subscriptionId = this.id;
    for (const refused of plan.refused) {
      socket.emit("watch:status", {
        subscriptionId,
        state: "stale",
        code: refused.code,
        reason: refused.message,
        since: new Date().toISOString(),
        clusterId: refused.clusterId,
      });
    }
    const snapshots = this.holdingHandles().map((handle) => handle.snapshot());
    snapshots.forEach((snapshot, index) => (this.statuses[index] = snapshot.status));
    if (this.plan.window) {
      socket.emit("watch:window", this.windowPayload(snapshots.map((snapshot) => snapshot.rows)));
    } else {
      for (const [clusterId, indexes] of this.sourcesByCluster()) {
        const rows = indexes.flatMap((index) => filterRows(this.plan.sources[index]!, snapshots[index]!.rows));
        const resourceVersion = indexes.length === 1 ? snapshots[indexes[0]!]!.resourceVersion : "";
        socket.emit("watch:snapshot", {
          subscriptionId,
          rows,
          resourceVersion,
          ...(this.plan.crossCluster && { clusterId }),
        });
      }
    }
    this.plan.sources.forEach((_, index) => socket.emit("watch:status", this.statusPayload(index)));
    void socket.join(subscriptionId);
  }

  /** Release up to `count` holds of a socket; true if it held any. */
  release(socket: RealtimeSocket, count: number): boolean {
    const member = this.members.get(socket.id);
    if (!member) return false;
    const releasing = Math.min(count, member.count);
    for (let i = 0; i < releasing; i++) {
      const handles = member.handles.pop() ?? [];
      handles.forEach((handle, index) => this.releaseHandle(index, handle));
    }
    member.count -= releasing;
    if (member.count === 0) {
      this.members.delete(socket.id);
      void socket.leave(this.id);
    }
    return true;
  }

  close() {
    clearTimeout(this.windowTimer);
    for (const listening of this.listening) listening?.stop();
    this.listening.fill(undefined);
  }

  // --- one listener per source, kept on a handle some member still holds -------------------------

  private listenOn(index: number, handle: WatchHandle) {
    if (this.listening[index]) return;
    const stop = handle.onBatch((batch) => this.onBatch(index, batch));
    this.listening[index] = { handle, stop };
  }

  private releaseHandle(index: number, handle: WatchHandle) {
    const carrying = this.listening[index]?.handle === handle;
    if (carrying) this.listening[index] = undefined;
    handle.release();
    if (!carrying) return;
    const successor = [...this.members.values()].flatMap((member) => member.handles.map((held) => held[index]!))[0];
    if (successor) this.listenOn(index, successor);
  }

  private holdingHandles(): WatchHandle[] {
    return this.listening.map((listening) => listening!.handle);
  }

  // --- fan-out -------------------------------------------------------------------------------------

  private onBatch(index: number, batch: WatchBatch) {
    const room = this.emitTo?.to(this.id);
    if (!room) return;
    if (batch.status) {
      this.statuses[index] = batch.status;
    }
    if (this.plan.window) {
      if (batch.deltas.length > 0) this.scheduleWindow();
    } else {
      const source = this.plan.sources[index]!;
      const events = filterDeltas(source, batch.deltas).map((delta) =>
        this.plan.crossCluster ? { ...delta, clusterId: source.clusterId } : delta,
      );
      if (events.length > 0) room.emit("watch:delta", { subscriptionId: this.id, events });
    }
    if (batch.status) room.emit("watch:status", this.statusPayload(index));
    // A final status: the browser subscribes again (access re-checked); this room is done.
    // Deferred: the hub is still handing this batch to other listeners.
    if (batch.status?.reason?.code === "RESUBSCRIBE") queueMicrotask(this.ended);
  }

  private scheduleWindow() {
    // Recomputed at most once per interval, however many batches arrive (B1 measures one pass).
    this.windowTimer ??= setTimeout(() => {
      try {
        // snapshot() hands out pending batches first; those land in this very computation.
        const rows = this.holdingHandles().map((handle) => handle.snapshot().rows);
        const payload = this.windowPayload(rows);
        const signature = windowSignature(payload);
        if (signature === this.lastWindow) return;
        this.lastWindow = signature;
        this.emitTo?.to(this.id).emit("watch:window", payload);
      } catch (error) {
        log.error("a window could not be computed", { error: error instanceof Error ? error.message : String(error) });
      } finally {
        this.windowTimer = undefined;
      }
    }, WINDOW_INTERVAL_MS);
  }

  private windowPayload(rowsBySource: ResourceRow[][]) {
    const window = this.plan.window!;
    const result = windowOfPlan(this.plan, rowsBySource);
    return { subscriptionId: this.id, offset: window.offset, total: result.total, entries: result.entries };
  }

  private statusPayload(index: number): WatchStatusPayload {
    const status = this.statuses[index]!;
    const source = this.plan.sources[index]!;
    const several = this.plan.sources.length > 1;
    return {
      subscriptionId: this.id,
      state: status.state,
      since: status.since,
      ...(status.reason && { code: status.reason.code, reason: status.reason.message }),
      ...((this.plan.crossCluster || several) && { clusterId: source.clusterId }),
      ...(several && source.spec.namespace !== undefined && { namespace: source.spec.namespace }),
    };
  }

  private sourcesByCluster(): Map<string, number[]> {
    const byCluster = new Map<string, number[]>();
    this.plan.sources.forEach((source, index) => {
      byCluster.set(source.clusterId, [...(byCluster.get(source.clusterId) ?? []), index]);
    });
    return byCluster;
  }
}

/** A windowed plan's window over its sources' rows (in the plan's source order). */
export function windowOfPlan(plan: LiveViewPlan, rowsBySource: readonly ResourceRow[][]) {
  const entries = rowsBySource.flatMap((rows, index) => {
    const source = plan.sources[index]!;
    return filterRows(source, rows).map((row) => (plan.crossCluster ? { row, clusterId: source.clusterId } : { row }));
  });
  return queryWindow(entries, plan.window!);
}

function filterRows(source: SourcePlan, rows: ResourceRow[]): ResourceRow[] {
  const { namespaces } = source;
  return namespaces ? rows.filter((row) => namespaces.has(row.namespace ?? "")) : rows;
}

function filterDeltas(source: SourcePlan, deltas: WatchDelta[]): WatchDelta[] {
  const { namespaces } = source;
  return namespaces ? deltas.filter((delta) => namespaces.has(delta.row.namespace ?? "")) : deltas;
}

function windowSignature(payload: { total: number; entries: { row: ResourceRow; clusterId?: string }[] }): string {
  return `${payload.total}|${payload.entries.map((entry) => `${entry.clusterId ?? ""}/${entry.row.uid}@${entry.row.resourceVersion}`).join(",")}`;
}
