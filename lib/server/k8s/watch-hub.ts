import { AppError } from "@/lib/errors";
import type { KubeObject, ResourceRow } from "@/lib/resources/types";
import { formatFieldSelector, formatLabelSelector, parseFieldSelector, parseLabelSelector } from "@/lib/selectors";
import type { UpstreamStatus, WatchBatch, WatchSnapshot } from "@/lib/wire/watch";
import { log } from "../logger";
import { getMetrics } from "../metrics";
import { Bulkhead } from "./bulkhead";
import type { ClusterConnection } from "./connection";
import {
  DEFAULT_LIST_WATCH_OPTIONS,
  type ListWatch,
  type ListWatchOptions,
  type ListWatchSink,
  resourceLabel,
  startListWatch,
} from "./list-watch";
import { callCluster, type Impersonation } from "./request";
import { collectionPath, objectPath, type WatchedResource } from "./resource-path";
import { RowInterner } from "./intern";
import { DeltaBatch, diffRelist } from "./row-deltas";
import { queryRows, type RowPage, type RowQuery } from "./row-query";
import { scrubObject } from "./scrub";

/**
 * The watch hub (docs/realtime.md): exactly one upstream list+watch per distinct view — cluster,
 * credential version, acting identity, resource, namespace, selectors — however many viewers
 * look at it. It keeps rows (never objects), coalesces changes per batch window and hands each
 * batch once to every room listening, not to every socket.
 */

export type WatchSpec = {
  clusterId: string;
  /** Part of the view's identity: a rotated credential opens a new upstream. */
  credentialVersion: number;
  /** Impersonation mode: the person's own watch; objects are never shared across identities. */
  impersonate?: Impersonation;
  resource: WatchedResource;
  /** Unset: all namespaces (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  connect: () => Promise<ClusterConnection>;
  /**
   * The kind's projection (`projectRow(kind, object)`, lib/resources/project.ts), run once on each
   * object as it arrives, which is then dropped. It reads only what a row shows: for a Secret,
   * key names and sizes, never values.
   */
  project: (object: KubeObject) => ResourceRow;
  /** The kind's redact(), for full objects from fetchObject() (then scrubbed: scrub.ts). */
  redact?: (object: KubeObject) => KubeObject;
};

export type WatchListener = (batch: WatchBatch) => void;

/** One viewer's hold on a view. Release it when the viewer leaves. */
export interface WatchHandle {
  readonly key: string;
  /** Settles on the first list, or on the first failure (then the status says why). */
  firstSync(): Promise<UpstreamStatus>;
  /** Rows as of the last batch handed out: send it, then join the room, in the same tick. */
  snapshot(): WatchSnapshot;
  query(query: RowQuery): RowPage & { resourceVersion: string; status: UpstreamStatus };
  /** Register a room's listener; it lives until removed or until this handle is released. */
  onBatch(listener: WatchListener): () => void;
  /** The full object, fetched now as the view's identity, scrubbed and redacted. */
  fetchObject(name: string, namespace?: string): Promise<KubeObject>;
  release(): void;
}

/** All per-process watch state sits behind this interface (docs/realtime.md, "Replicas"). */
export interface WatchHub {
  acquire(spec: WatchSpec): WatchHandle;
  /** Close every view of a cluster (credential rotated, cluster removed): viewers resubscribe. */
  invalidateCluster(clusterId: string, message?: string): void;
  /** The resources this server holds open views of on a cluster (each once), for searches that stay on the cache. */
  resourcesOn(clusterId: string): WatchedResource[];
  stats(): { upstreams: number; subscribers: number; rows: number };
  close(): Promise<void>;
}

export type WatchHubOptions = {
  /** How long an upstream outlives its last viewer (a page reload should not relist). */
  lingerMs: number;
  batchWindowMs: number;
  /** LIST requests in flight per cluster. */
  listConcurrency: number;
  maxUpstreams: number;
  loop: Omit<ListWatchOptions, "listSlots">;
};

export const DEFAULT_WATCH_HUB_OPTIONS: WatchHubOptions = {
  lingerMs: 30_000,
  batchWindowMs: 25,
  listConcurrency: 4,
  maxUpstreams: 2_000,
  loop: DEFAULT_LIST_WATCH_OPTIONS,
};

const OBJECT_MAX_BYTES = 4 * 1024 * 1024;

const globalForHub = globalThis as unknown as { pilothouseWatchHub?: WatchHub };

export function getWatchHub(): WatchHub {
  return (globalForHub.pilothouseWatchHub ??= createWatchHub());
}

/** Options to change from the defaults; `loop` is merged field by field. */
export type WatchHubOverrides = Partial<Omit<WatchHubOptions, "loop">> & { loop?: Partial<WatchHubOptions["loop"]> };

export function createWatchHub(overrides: WatchHubOverrides = {}): WatchHub {
  const options = {
    ...DEFAULT_WATCH_HUB_OPTIONS,
    ...overrides,
    loop: { ...DEFAULT_WATCH_HUB_OPTIONS.loop, ...overrides.loop },
  };
  return new LocalWatchHub(options);
}

/**
 * The view's identity as a string. Selectors are normalized first (`app==web` and `app=web`
 * share a watch); the acting identity is part of it, so rows fetched as one person never reach
 * another.
 */
export function watchKey(spec: WatchSpec): string {
  const identity = spec.impersonate ? ["as", spec.impersonate.user, ...spec.impersonate.groups] : ["stored"];
  const { group, version, plural } = spec.resource;
  return JSON.stringify([
    spec.clusterId,
    spec.credentialVersion,
    identity,
    group,
    version,
    plural,
    spec.namespace ?? "*",
    formatLabelSelector(parseLabelSelector(spec.labelSelector ?? "")),
    formatFieldSelector(parseFieldSelector(spec.fieldSelector ?? "")),
  ]);
}

// ---------------------------------------------------------------------------------------------

class LocalWatchHub implements WatchHub {
  private readonly upstreams = new Map<string, Upstream>();
  private readonly listSlots: Bulkhead;
  private subscribers = 0;

  constructor(private readonly options: WatchHubOptions) {
    this.listSlots = new Bulkhead(options.listConcurrency);
  }

  acquire(spec: WatchSpec): WatchHandle {
    collectionPath(spec.resource, spec.namespace); // refuses a malformed view before anything starts
    const key = watchKey(spec);
    this.retireOlderCredentials(spec.clusterId, spec.credentialVersion);
    const upstream = this.upstreams.get(key) ?? this.open(key, spec);
    upstream.retain();
    this.subscribers += 1;
    getMetrics().watchSubscribers.inc();
    return new Handle(key, upstream, () => {
      this.subscribers -= 1;
      getMetrics().watchSubscribers.dec();
      upstream.releaseOne(this.options.lingerMs);
    });
  }

  invalidateCluster(clusterId: string, message = "The cluster's credential or settings changed") {
    this.endWhere((spec) => spec.clusterId === clusterId, message);
  }

  resourcesOn(clusterId: string): WatchedResource[] {
    const found = new Map<string, WatchedResource>();
    for (const { spec } of this.upstreams.values()) {
      if (spec.clusterId !== clusterId) continue;
      const { group, version, plural } = spec.resource;
      found.set(`${plural}.${group}/${version}`, spec.resource);
    }
    return [...found.values()];
  }

  stats() {
    let rows = 0;
    for (const upstream of this.upstreams.values()) rows += upstream.rows.size;
    return { upstreams: this.upstreams.size, subscribers: this.subscribers, rows };
  }

  async close() {
    const closing = [...this.upstreams.values()].map((upstream) => upstream.end());
    await Promise.all(closing);
  }

  /**
   * A view asked with a newer credential version means the credential rotated: views still on an
   * older one must not keep using it (its connection would fight the new one in the connection
   * cache), so they end and their viewers resubscribe, even if nobody called invalidateCluster().
   */
  private retireOlderCredentials(clusterId: string, credentialVersion: number) {
    this.endWhere(
      (spec) => spec.clusterId === clusterId && spec.credentialVersion < credentialVersion,
      "The cluster's credential was rotated",
    );
  }

  private endWhere(matches: (spec: WatchSpec) => boolean, message: string) {
    for (const upstream of [...this.upstreams.values()]) {
      if (matches(upstream.spec)) void upstream.end({ code: "RESUBSCRIBE", message });
    }
  }

  private open(key: string, spec: WatchSpec): Upstream {
    if (this.upstreams.size >= this.options.maxUpstreams) {
      throw new AppError("UNAVAILABLE", "Too many live views are open on this server; try again shortly");
    }
    const upstream = new Upstream(spec, this.options, () => {
      if (this.upstreams.get(key) === upstream) this.upstreams.delete(key);
    });
    this.upstreams.set(key, upstream);
    upstream.start(this.listSlots);
    return upstream;
  }
}

/** One upstream view: its rows, its pending batch, its listeners and its loop. */
class Upstream implements ListWatchSink {
  readonly rows = new Map<string, ResourceRow>();
  resourceVersion = "";
  current: UpstreamStatus = { state: "reconnecting", since: new Date().toISOString() };
  readonly listeners = new Set<WatchListener>();
  readonly synced: Promise<UpstreamStatus>;
  private markSynced!: (status: UpstreamStatus) => void;
  private readonly batch = new DeltaBatch();
  private readonly interner = new RowInterner();
  private statusChanged = false;
  private flushTimer?: NodeJS.Timeout;
  private lingerTimer?: NodeJS.Timeout;
  private refs = 0;
  private loop?: ListWatch;
  private ended = false;

  constructor(
    readonly spec: WatchSpec,
    private readonly options: WatchHubOptions,
    private readonly forget: () => void,
  ) {
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
  }

  start(listSlots: Bulkhead) {
    const { spec } = this;
    const target = {
      ...spec,
      labelSelector: formatLabelSelector(parseLabelSelector(spec.labelSelector ?? "")),
      fieldSelector: formatFieldSelector(parseFieldSelector(spec.fieldSelector ?? "")),
      toRow: (object: KubeObject) => this.interner.row(spec.project(object)),
    };
    this.loop = startListWatch(target, this, { ...this.options.loop, listSlots });
    getMetrics().upstreamWatches.inc(this.metricLabels());
  }

  // --- ListWatchSink: the loop reports here ----------------------------------------------------

  listed(rows: ResourceRow[], resourceVersion: string) {
    for (const delta of diffRelist(this.rows, rows)) this.apply(delta.type, delta.row);
    this.resourceVersion = resourceVersion;
  }

  changed(type: "ADDED" | "MODIFIED" | "DELETED", row: ResourceRow, resourceVersion: string) {
    this.apply(type, row);
    this.resourceVersion = resourceVersion;
  }

  progressed(resourceVersion: string) {
    this.resourceVersion = resourceVersion;
  }

  cleared() {
    for (const row of [...this.rows.values()]) this.apply("DELETED", row);
  }

  status(status: UpstreamStatus) {
    if (this.ended) return;
    this.current = status;
    this.statusChanged = true;
    this.flush();
    this.markSynced(status);
  }

  size() {
    return this.rows.size;
  }

  // --- viewers ---------------------------------------------------------------------------------

  retain() {
    this.refs += 1;
    clearTimeout(this.lingerTimer);
  }

  releaseOne(lingerMs: number) {
    this.refs -= 1;
    if (this.refs > 0 || this.ended) return;
    this.lingerTimer = setTimeout(() => void this.end(), lingerMs);
    this.lingerTimer.unref();
  }

  snapshot(): WatchSnapshot {
    this.flush();
    return { rows: [...this.rows.values()], resourceVersion: this.resourceVersion, status: this.current };
  }

  query(query: RowQuery) {
    this.flush();
    return { ...queryRows(this.rows.values(), query), resourceVersion: this.resourceVersion, status: this.current };
  }

  async fetchObject(name: string, namespace = this.spec.namespace): Promise<KubeObject> {
    const { spec } = this;
    if (spec.namespace !== undefined && namespace !== spec.namespace) {
      throw new AppError("INVALID_INPUT", "namespace must be the one this view watches", "namespace");
    }
    const connection = await spec.connect();
    const started = performance.now();
    try {
      const object = await callCluster<KubeObject>(connection, {
        path: objectPath(spec.resource, name, spec.resource.namespaced ? namespace : undefined),
        impersonate: spec.impersonate,
        maxBytes: OBJECT_MAX_BYTES,
      });
      return scrubObject(object, spec.resource, spec.redact);
    } finally {
      const seconds = (performance.now() - started) / 1000;
      getMetrics().clusterRequestDuration.observe({ cluster: spec.clusterId, verb: "get" }, seconds);
    }
  }

  /** Stop for good. With a reason, viewers hear it as a final status (they must resubscribe). */
  async end(reason?: UpstreamStatus["reason"]) {
    if (this.ended) return;
    this.loop?.stop();
    if (reason) this.status({ state: "stale", since: new Date().toISOString(), reason });
    this.flush();
    this.ended = true;
    this.markSynced(this.current);
    clearTimeout(this.lingerTimer);
    this.forget();
    this.listeners.clear();
    getMetrics().upstreamWatches.dec(this.metricLabels());
    await this.loop?.stopped;
  }

  // --- batching ----------------------------------------------------------------------------------

  /** Keep the cache exact (a MODIFIED for an unknown uid is an ADDED, a repeat is nothing). */
  private apply(type: "ADDED" | "MODIFIED" | "DELETED", row: ResourceRow) {
    if (this.ended) return;
    const before = this.rows.get(row.uid);
    if (type === "DELETED") {
      if (!before) return;
      this.rows.delete(row.uid);
      this.batch.add("DELETED", row);
    } else {
      if (before?.resourceVersion === row.resourceVersion) return;
      this.rows.set(row.uid, row);
      this.batch.add(before ? "MODIFIED" : "ADDED", row);
    }
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchWindowMs);
  }

  private flush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const deltas = this.batch.take();
    if (deltas.length === 0 && !this.statusChanged) return;
    const batch: WatchBatch = {
      deltas,
      resourceVersion: this.resourceVersion,
      ...(this.statusChanged && { status: this.current }),
    };
    this.statusChanged = false;
    for (const listener of this.listeners) deliver(listener, batch, this.spec);
    getMetrics().watchEvents.inc({ direction: "out" }, deltas.length * this.listeners.size);
  }

  private metricLabels() {
    return { cluster: this.spec.clusterId, resource: resourceLabel(this.spec.resource) };
  }
}

/** A listener that throws must not starve the other rooms of the same batch. */
function deliver(listener: WatchListener, batch: WatchBatch, spec: WatchSpec) {
  try {
    listener(batch);
  } catch (error) {
    log.error("a watch listener failed", {
      cluster: spec.clusterId,
      resource: spec.resource.plural,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

class Handle implements WatchHandle {
  private released = false;
  private readonly own = new Set<WatchListener>();

  constructor(
    readonly key: string,
    private readonly upstream: Upstream,
    private readonly onRelease: () => void,
  ) {}

  firstSync() {
    return this.upstream.synced;
  }

  snapshot() {
    return this.upstream.snapshot();
  }

  query(query: RowQuery) {
    return this.upstream.query(query);
  }

  onBatch(listener: WatchListener) {
    if (this.released) throw new AppError("INTERNAL", "This watch handle was released");
    this.own.add(listener);
    this.upstream.listeners.add(listener);
    return () => {
      this.own.delete(listener);
      this.upstream.listeners.delete(listener);
    };
  }

  fetchObject(name: string, namespace?: string) {
    return this.upstream.fetchObject(name, namespace);
  }

  release() {
    if (this.released) return;
    this.released = true;
    for (const listener of this.own) this.upstream.listeners.delete(listener);
    this.own.clear();
    this.onRelease();
  }
}
