import type { EventQuery } from "@/lib/validations/logs";
import { getClusterConnection } from "../clusters/clients";
import { getClusterHealth } from "../clusters/health";
import { getDb } from "../db/client";
import type { ClusterEvent as ClusterEventRow } from "../db/generated/client";
import { getWatchHub, type WatchHub } from "../k8s/watch-hub";
import { log } from "../logger";
import { DEFAULT_RECORDER_OPTIONS, EventRecorder, type RecorderOptions } from "./event-recorder";

/**
 * Event history (docs/logs.md): a recorder per healthy cluster, started and stopped as clusters
 * come, go and change credentials, and a background prune of what is older than the retention
 * (PILOTHOUSE_EVENT_RETENTION_DAYS, default 14).
 */

export const EVENT_RETENTION_DAYS = Number(process.env.PILOTHOUSE_EVENT_RETENTION_DAYS) || 14;
const SYNC_EVERY_MS = 30_000;
const PRUNE_EVERY_MS = 60 * 60_000;
/** Rows deleted per prune statement, so one prune never holds a long lock. */
const PRUNE_BATCH = 5_000;
/** Recorders one process runs, whatever the number of clusters. */
const MAX_RECORDERS = 1_000;

type Running = { recorder: EventRecorder; credentialVersion: number };

/** Every history this process runs (one in the server; tests make their own), for stopRecordingCluster(). */
const histories = new Set<EventHistory>();

export type EventHistoryOptions = {
  hub?: WatchHub;
  recorder?: RecorderOptions;
  /** Which clusters to record: by default those the health monitor last saw healthy. */
  isHealthy?: (clusterId: string) => boolean;
};

export class EventHistory {
  private readonly running = new Map<string, Running>();
  private syncTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private syncing?: Promise<void>;

  constructor(private readonly options: EventHistoryOptions = {}) {}

  start() {
    histories.add(this);
    this.syncTimer = setInterval(() => void this.sync(), SYNC_EVERY_MS);
    this.pruneTimer = setInterval(() => void pruneEvents().catch(logPruneFailure), PRUNE_EVERY_MS);
    this.syncTimer.unref();
    this.pruneTimer.unref();
    void this.sync();
  }

  async stop() {
    histories.delete(this);
    clearInterval(this.syncTimer);
    clearInterval(this.pruneTimer);
    await this.syncing;
    await Promise.all([...this.running.values()].map(({ recorder }) => recorder.stop()));
    this.running.clear();
  }

  /** The cluster was deleted: its recorder stops now, writing nothing more. */
  async forget(clusterId: string) {
    const running = this.running.get(clusterId);
    if (!running) return;
    this.running.delete(clusterId);
    await running.recorder.discard();
  }

  recording(): string[] {
    return [...this.running.keys()];
  }

  /** Start recorders for healthy clusters, stop those of removed clusters or rotated credentials. */
  sync(): Promise<void> {
    histories.add(this);
    this.syncing ??= this.reconcile()
      .catch((error: unknown) => log.warn("event history: sync failed", { error: String(error) }))
      .finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async reconcile() {
    const isHealthy = this.options.isHealthy ?? ((id: string) => getClusterHealth(id).status === "healthy");
    const clusters = await getDb().cluster.findMany({ orderBy: { createdAt: "asc" }, take: MAX_RECORDERS });
    const present = new Map(clusters.map((cluster) => [cluster.id, cluster]));
    for (const [id, running] of this.running) {
      const cluster = present.get(id);
      if (cluster && cluster.credentialVersion === running.credentialVersion) continue;
      this.running.delete(id);
      await running.recorder.stop();
    }
    for (const cluster of clusters) {
      if (this.running.has(cluster.id) || !isHealthy(cluster.id)) continue;
      const recorder = new EventRecorder(
        {
          clusterId: cluster.id,
          credentialVersion: cluster.credentialVersion,
          connect: () => getClusterConnection(cluster),
          onClusterGone: () => void this.forget(cluster.id),
        },
        this.options.hub ?? getWatchHub(),
        this.options.recorder ?? DEFAULT_RECORDER_OPTIONS,
      );
      recorder.start();
      this.running.set(cluster.id, { recorder, credentialVersion: cluster.credentialVersion });
    }
  }

  /** Write what every recorder holds now (tests, shutdown). */
  async flush() {
    await Promise.all([...this.running.values()].map(({ recorder }) => recorder.flush()));
  }
}

/** A deleted cluster's event recording ends with it, not at the next reconcile. */
export async function stopRecordingCluster(clusterId: string) {
  await Promise.all([...histories].map((history) => history.forget(clusterId)));
}

const globalForHistory = globalThis as unknown as { pilothouseEventHistory?: EventHistory };

export function startEventHistory(): EventHistory {
  globalForHistory.pilothouseEventHistory ??= new EventHistory();
  globalForHistory.pilothouseEventHistory.start();
  return globalForHistory.pilothouseEventHistory;
}

export async function stopEventHistory() {
  await globalForHistory.pilothouseEventHistory?.stop();
  globalForHistory.pilothouseEventHistory = undefined;
}

/** Delete events last seen before the retention, a batch at a time; how many went. */
export async function pruneEvents(now = new Date(), retentionDays = EVENT_RETENTION_DAYS): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const deleted = await getDb().$executeRaw`
      DELETE FROM cluster_events WHERE id IN (
        SELECT id FROM cluster_events WHERE last_seen < ${cutoff} LIMIT ${PRUNE_BATCH})`;
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
  }
}

function logPruneFailure(error: unknown) {
  log.warn("event history: prune failed", { error: String(error) });
}

export const EVENT_QUERY_DEFAULT_LIMIT = 200;

/** A cluster's recorded events, newest first, warnings first among equals: the route's JSON. */
export async function queryEvents(clusterId: string, query: EventQuery) {
  const rows = await getDb().clusterEvent.findMany({
    where: {
      clusterId,
      ...(query.namespace && { namespace: query.namespace }),
      ...(query.kind && { involvedKind: query.kind.toLowerCase() }),
      ...(query.name && { involvedName: query.name }),
      ...(query.type && { type: query.type }),
      ...(query.since && { lastSeen: { gte: new Date(query.since) } }),
    },
    orderBy: [{ lastSeen: "desc" }, { type: "desc" }],
    take: query.limit ?? EVENT_QUERY_DEFAULT_LIMIT,
  });
  return rows.map(recordedJson);
}

/** Events recorded one page may read at most: the newest win. */
export const MAX_HISTORY_READ = 5_000;

/**
 * The recorded events of some namespaces (all when unset) last seen since a time, newest first,
 * at most `limit`: what the events page merges with the live ones.
 */
export async function recentEvents(
  clusterId: string,
  filter: { namespaces?: readonly string[]; warningsOnly?: boolean; since: Date; limit?: number },
) {
  const rows = await getDb().clusterEvent.findMany({
    where: {
      clusterId,
      ...(filter.namespaces && { namespace: { in: [...filter.namespaces] } }),
      ...(filter.warningsOnly && { type: "Warning" }),
      lastSeen: { gte: filter.since },
    },
    orderBy: { lastSeen: "desc" },
    take: filter.limit ?? MAX_HISTORY_READ,
  });
  return rows.map(recordedJson);
}

function recordedJson(row: ClusterEventRow) {
  return {
    uid: row.uid,
    namespace: row.namespace,
    involvedObject: { kind: row.involvedKind, name: row.involvedName, uid: row.involvedUid },
    type: row.type,
    reason: row.reason,
    message: row.message,
    source: row.source,
    count: row.count,
    lastSeen: row.lastSeen.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
  };
}
