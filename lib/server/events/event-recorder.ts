import { event as eventKind } from "@/lib/resources/kinds/event";
import { projectRow } from "@/lib/resources/project";
import type { ResourceRow } from "@/lib/resources/types";
import type { WatchBatch } from "@/lib/wire/watch";
import { Prisma } from "../db/generated/client";
import { getDb } from "../db/client";
import type { ClusterConnection } from "../k8s/connection";
import { type WatchHandle, type WatchHub } from "../k8s/watch-hub";
import { log } from "../logger";

/**
 * One cluster's event recorder (docs/logs.md, Event history): it holds the shared Event watch of
 * the whole cluster (the watch hub's, as the stored credential) and writes what changed to
 * `cluster_events`. Rows are de-duplicated by uid (the latest version wins while it waits) and
 * written only when the count or the last time moved; writes are paced: at most batchSize rows
 * every flushMs, at most maxPending waiting.
 */

export type RecorderOptions = { flushMs: number; batchSize: number; maxPending: number };

export const DEFAULT_RECORDER_OPTIONS: RecorderOptions = { flushMs: 2_000, batchSize: 500, maxPending: 10_000 };

export type RecordedEvent = {
  uid: string;
  namespace: string | null;
  involvedKind: string;
  involvedName: string;
  involvedUid: string | null;
  type: string;
  reason: string;
  message: string;
  source: string | null;
  count: number;
  lastSeen: Date;
};

/** An Event row as the history keeps it; null when it does not say what it is about. */
export function toRecordedEvent(row: ResourceRow): RecordedEvent | null {
  const cells = row.cells;
  const object = typeof cells.object === "string" ? cells.object : "";
  const slash = object.indexOf("/");
  if (!row.uid || slash <= 0) return null;
  const lastSeen = new Date(typeof cells.lastSeen === "string" ? cells.lastSeen : (row.createdAt ?? Date.now()));
  return {
    uid: row.uid,
    namespace: row.namespace ?? null,
    involvedKind: object.slice(0, slash),
    involvedName: object.slice(slash + 1),
    involvedUid: typeof cells.objectUid === "string" && cells.objectUid ? cells.objectUid : null,
    type: typeof cells.type === "string" ? cells.type : "Normal",
    reason: typeof cells.reason === "string" ? cells.reason : "",
    message: typeof cells.message === "string" ? cells.message : "",
    source: typeof cells.source === "string" && cells.source ? cells.source : null,
    count: typeof cells.count === "number" ? cells.count : 1,
    lastSeen: Number.isNaN(lastSeen.getTime()) ? new Date() : lastSeen,
  };
}

export type RecorderTarget = {
  clusterId: string;
  credentialVersion: number;
  connect: () => Promise<ClusterConnection>;
  /** The database refused a write because the cluster row is gone: whoever runs the recorder lets it go. */
  onClusterGone?: () => void;
};

export class EventRecorder {
  private readonly pending = new Map<string, RecordedEvent>();
  /** What was last written per uid (count and time), so a repeat of the same version writes nothing. */
  private readonly written = new Map<string, string>();
  private handle?: WatchHandle;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private dropped = 0;
  private gone = false;

  constructor(
    readonly target: RecorderTarget,
    private readonly hub: WatchHub,
    private readonly options: RecorderOptions = DEFAULT_RECORDER_OPTIONS,
  ) {}

  start() {
    const { target } = this;
    this.handle = this.hub.acquire({
      clusterId: target.clusterId,
      credentialVersion: target.credentialVersion,
      resource: { group: "", version: "v1", plural: "events", namespaced: true },
      connect: target.connect,
      project: (object) => projectRow(eventKind, object),
    });
    for (const row of this.handle.snapshot().rows) this.note(row);
    this.handle.onBatch((batch) => this.onBatch(batch));
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  /** Stop watching and write what is still waiting. */
  async stop() {
    clearInterval(this.timer);
    this.handle?.release();
    this.handle = undefined;
    await this.flushing;
    while (this.pending.size > 0 && !this.gone) await this.flush();
  }

  /** The cluster was deleted: nothing waiting can be written any more. */
  async discard() {
    this.gone = true;
    this.pending.clear();
    await this.stop();
  }

  private onBatch(batch: WatchBatch) {
    // DELETED is Kubernetes forgetting the event after its hour: keeping it is the point.
    for (const delta of batch.deltas) if (delta.type !== "DELETED") this.note(delta.row);
  }

  private note(row: ResourceRow) {
    const recorded = toRecordedEvent(row);
    if (!recorded) return;
    if (this.written.get(recorded.uid) === versionOf(recorded)) return;
    if (!this.pending.has(recorded.uid) && this.pending.size >= this.options.maxPending) {
      this.dropped += 1;
      return;
    }
    this.pending.set(recorded.uid, recorded);
  }

  /** Write up to batchSize waiting rows in one statement. Exported behaviour for tests: call and await. */
  flush(): Promise<void> {
    this.flushing ??= this.writeBatch().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeBatch() {
    if (this.dropped > 0) {
      log.warn("event recorder: too many events waiting; some were not recorded", {
        cluster: this.target.clusterId,
        dropped: this.dropped,
      });
      this.dropped = 0;
    }
    const batch = [...this.pending.values()].slice(0, this.options.batchSize);
    if (batch.length === 0 || this.gone) return;
    for (const event of batch) this.pending.delete(event.uid);
    try {
      await upsertEvents(this.target.clusterId, batch);
      for (const event of batch) this.remember(event);
    } catch (error) {
      if (isClusterGone(error)) return this.noteClusterGone();
      // The database may be busy: the next change of each event retries.
      log.warn("event recorder: write failed", { cluster: this.target.clusterId, error: String(error) });
    }
  }

  /** Deleted while recording: stop at once (not at the next reconcile), say so once, keep nothing. */
  private noteClusterGone() {
    if (this.gone) return;
    this.gone = true;
    this.pending.clear();
    clearInterval(this.timer);
    this.handle?.release();
    this.handle = undefined;
    log.info("event recorder: the cluster was deleted; recording stopped", { cluster: this.target.clusterId });
    this.target.onClusterGone?.();
  }

  private remember(event: RecordedEvent) {
    this.written.set(event.uid, versionOf(event));
    // Bounded: forgetting an entry only costs one repeated (idempotent) write.
    if (this.written.size > this.options.maxPending * 2) this.written.delete(this.written.keys().next().value!);
  }
}

/** A write refused because its cluster row no longer exists (the foreign key of cluster_events). */
function isClusterGone(error: unknown): boolean {
  return String(error).includes("cluster_events_cluster_id_fkey");
}

function versionOf(event: RecordedEvent): string {
  return `${event.count}@${event.lastSeen.toISOString()}`;
}

/** One INSERT … ON CONFLICT for the batch; an unchanged row is not rewritten. */
async function upsertEvents(clusterId: string, events: RecordedEvent[]) {
  const values = events.map(
    (e) => Prisma.sql`(gen_random_uuid(), ${clusterId}::uuid, ${e.uid}, ${e.namespace}, ${e.involvedKind},
      ${e.involvedName}, ${e.involvedUid}, ${e.type}, ${e.reason}, ${e.message}, ${e.source}, ${e.count},
      ${e.lastSeen}, now(), now())`,
  );
  await getDb().$executeRaw`
    INSERT INTO cluster_events (id, cluster_id, uid, namespace, involved_kind, involved_name, involved_uid,
      type, reason, message, source, count, last_seen, recorded_at, updated_at)
    VALUES ${Prisma.join(values)}
    ON CONFLICT (cluster_id, uid) DO UPDATE SET
      count = EXCLUDED.count, last_seen = EXCLUDED.last_seen, message = EXCLUDED.message, updated_at = now()
    WHERE cluster_events.count IS DISTINCT FROM EXCLUDED.count
       OR cluster_events.last_seen IS DISTINCT FROM EXCLUDED.last_seen`;
}
