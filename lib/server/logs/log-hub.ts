import { AppError } from "@/lib/errors";
import { pod as podKind } from "@/lib/resources/kinds/pod";
import { projectRow } from "@/lib/resources/project";
import type { ResourceRow } from "@/lib/resources/types";
import { formatLabelSelector, parseLabelSelector } from "@/lib/selectors";
import type { WatchBatch } from "@/lib/wire/watch";
import { log } from "../logger";
import { getMetrics } from "../metrics";
import type { ClusterConnection } from "../k8s/connection";
import type { Impersonation } from "../k8s/request";
import { getWatchHub, type WatchHandle, type WatchHub } from "../k8s/watch-hub";
import { type LogLine, ReorderWindow } from "./log-lines";
import { ContainerLogStream, type LogOptions, type LogStreamEvent } from "./log-stream";
import { resolveContainer } from "./pod-containers";

/**
 * The log hub (docs/logs.md): ONE upstream log stream per (cluster, credential version, acting
 * identity, pod, container, options), however many viewers read it. Lines are batched per window
 * and each batch is handed once to every listener (one per socket.io room, which encodes one frame
 * for all its sockets). A many-pod view (a workload, a label selector) watches its pods through the
 * watch hub and reads each pod through the same single-container views, so a pod read alone and as
 * part of its Deployment is still one upstream.
 */

export type LogTarget = { pod: string; container?: string } | { labelSelector: string; container?: string };

export type LogViewSpec = {
  clusterId: string;
  orgId: string;
  credentialVersion: number;
  impersonate?: Impersonation;
  namespace: string;
  target: LogTarget;
  options: LogOptions;
  connect: () => Promise<ClusterConnection>;
};

/** What a view tells its viewers besides lines; "skipped" is per viewer and added by the delivery layer. */
export type LogStatus =
  | { kind: "joined" | "left" | "restarted"; pod: string; container: string }
  | { kind: "error"; pod?: string; container?: string; message: string }
  | { kind: "capped"; message: string };

export type LogBatch = { lines: LogLine[]; statuses: LogStatus[] };
export type LogListener = (batch: LogBatch) => void;

export interface LogHandle {
  readonly key: string;
  /** The last lines read so far (at most the view's tail): what a viewer who joins late first sees. */
  backlog(): LogLine[];
  /** A room's listener; it lives until removed or until this handle is released. */
  onBatch(listener: LogListener): () => void;
  release(): void;
}

export type LogHubOptions = {
  batchWindowMs: number;
  /** A batch is handed out early once it holds this many bytes of text. */
  batchMaxBytes: number;
  /** How long a view outlives its last viewer (a reconnecting browser finds its backlog). */
  lingerMs: number;
  maxStreamsPerCluster: number;
  maxStreamsPerOrg: number;
  maxPodsPerView: number;
  /** Lines kept for late joiners when the view has no tailLines of its own. */
  backlogLines: number;
  watchHub?: WatchHub;
};

export const DEFAULT_LOG_HUB_OPTIONS: LogHubOptions = {
  batchWindowMs: 50,
  batchMaxBytes: 256 * 1024,
  lingerMs: 10_000,
  maxStreamsPerCluster: 200,
  maxStreamsPerOrg: 500,
  maxPodsPerView: Number(process.env.PILOTHOUSE_LOG_MAX_PODS) || 50,
  backlogLines: 1_000,
};

/** The most a backlog holds, whatever tailLines asked. */
const BACKLOG_MAX_LINES = 5_000;
/** Pods whose containers are looked up at once when many join a view together. */
const JOIN_CONCURRENCY = 4;

export interface LogHub {
  acquire(spec: LogViewSpec): LogHandle;
  /** A slot for a stream read outside the hub (a REST read), under the same limits; call to give it back. */
  reserveStream(owner: { clusterId: string; orgId: string }): () => void;
  stats(): { views: number; streams: number };
  close(): Promise<void>;
}

const globalForLogHub = globalThis as unknown as { pilothouseLogHub?: LogHub };

export function getLogHub(): LogHub {
  return (globalForLogHub.pilothouseLogHub ??= createLogHub());
}

export function createLogHub(overrides: Partial<LogHubOptions> = {}): LogHub {
  return new LocalLogHub({ ...DEFAULT_LOG_HUB_OPTIONS, ...overrides });
}

/** The view's identity: the acting identity is part of it, so lines read as one person never reach another. */
export function logViewKey(spec: LogViewSpec): string {
  const identity = spec.impersonate ? ["as", spec.impersonate.user, ...spec.impersonate.groups] : ["stored"];
  const target =
    "pod" in spec.target
      ? ["pod", spec.target.pod, spec.target.container ?? ""]
      : ["selector", formatLabelSelector(parseLabelSelector(spec.target.labelSelector)), spec.target.container ?? ""];
  const { tailLines, sinceSeconds, previous } = spec.options;
  return JSON.stringify([
    spec.clusterId,
    spec.credentialVersion,
    identity,
    spec.namespace,
    target,
    tailLines ?? null,
    sinceSeconds ?? null,
    previous === true,
  ]);
}

// ---------------------------------------------------------------------------------------------

class LocalLogHub implements LogHub {
  private readonly views = new Map<string, View>();
  private readonly streamsByCluster = new Map<string, number>();
  private readonly streamsByOrg = new Map<string, number>();

  constructor(readonly options: LogHubOptions) {}

  acquire(spec: LogViewSpec): LogHandle {
    const key = logViewKey(spec);
    let view = this.views.get(key);
    if (!view) {
      view = "pod" in spec.target ? new PodView(key, spec, this) : new SelectorView(key, spec, this);
      // Started before it is listed: a view refused at its limit is never found by the next viewer.
      view.start();
      this.views.set(key, view);
    }
    return view.retain();
  }

  reserveStream(owner: { clusterId: string; orgId: string }) {
    this.takeStream(owner);
    let returned = false;
    return () => {
      if (returned) return;
      returned = true;
      this.returnStream(owner);
    };
  }

  stats() {
    let streams = 0;
    for (const count of this.streamsByCluster.values()) streams += count;
    return { views: this.views.size, streams };
  }

  async close() {
    await Promise.all([...this.views.values()].map((view) => view.end()));
  }

  forget(view: View) {
    if (this.views.get(view.key) === view) this.views.delete(view.key);
  }

  /** A slot for one upstream stream, or a refusal naming the limit. Give it back with returnStream(). */
  takeStream(spec: { clusterId: string; orgId: string }) {
    const inCluster = this.streamsByCluster.get(spec.clusterId) ?? 0;
    const inOrg = this.streamsByOrg.get(spec.orgId) ?? 0;
    if (inCluster >= this.options.maxStreamsPerCluster) {
      throw new AppError(
        "UNAVAILABLE",
        `This cluster already has ${inCluster} open log streams; close some views first`,
      );
    }
    if (inOrg >= this.options.maxStreamsPerOrg) {
      throw new AppError(
        "UNAVAILABLE",
        `Your organization already has ${inOrg} open log streams; close some views first`,
      );
    }
    this.streamsByCluster.set(spec.clusterId, inCluster + 1);
    this.streamsByOrg.set(spec.orgId, inOrg + 1);
    getMetrics().upstreamLogStreams.inc({ cluster: spec.clusterId });
  }

  returnStream(spec: { clusterId: string; orgId: string }) {
    decrement(this.streamsByCluster, spec.clusterId);
    decrement(this.streamsByOrg, spec.orgId);
    getMetrics().upstreamLogStreams.dec({ cluster: spec.clusterId });
  }

  get watchHub(): WatchHub {
    return this.options.watchHub ?? getWatchHub();
  }
}

function decrement(counts: Map<string, number>, key: string) {
  const next = (counts.get(key) ?? 1) - 1;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}

/** What both kinds of view share: viewers, the pending batch, the backlog, linger. */
abstract class View {
  protected readonly listeners = new Set<LogListener>();
  private pending: LogLine[] = [];
  private pendingStatuses: LogStatus[] = [];
  private pendingBytes = 0;
  private flushTimer?: NodeJS.Timeout;
  private lingerTimer?: NodeJS.Timeout;
  private readonly recent: LogLine[] = [];
  private refs = 0;
  protected ended = false;

  constructor(
    readonly key: string,
    readonly spec: LogViewSpec,
    protected readonly hub: LocalLogHub,
  ) {}

  abstract start(): void;
  protected abstract stop(): Promise<void>;

  retain(): LogHandle {
    this.refs += 1;
    clearTimeout(this.lingerTimer);
    let released = false;
    const own = new Set<LogListener>();
    return {
      key: this.key,
      backlog: () => this.backlog(),
      onBatch: (listener) => {
        own.add(listener);
        this.listeners.add(listener);
        return () => {
          own.delete(listener);
          this.listeners.delete(listener);
        };
      },
      release: () => {
        if (released) return;
        released = true;
        for (const listener of own) this.listeners.delete(listener);
        this.releaseOne();
      },
    };
  }

  private releaseOne() {
    this.refs -= 1;
    if (this.refs > 0 || this.ended) return;
    this.lingerTimer = setTimeout(() => void this.end(), this.hub.options.lingerMs);
    this.lingerTimer.unref();
  }

  async end() {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.lingerTimer);
    this.flush();
    clearTimeout(this.flushTimer);
    this.listeners.clear();
    this.hub.forget(this);
    await this.stop();
  }

  backlog(): LogLine[] {
    this.flush();
    return [...this.recent];
  }

  protected addLines(lines: LogLine[]) {
    if (this.ended) return;
    for (const line of lines) {
      this.pending.push(line);
      this.pendingBytes += line.text.length + 64;
    }
    getMetrics().logLines.inc({ direction: "in" }, lines.length);
    if (this.pendingBytes >= this.hub.options.batchMaxBytes) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.hub.options.batchWindowMs);
  }

  protected addStatus(status: LogStatus) {
    if (this.ended) return;
    this.pendingStatuses.push(status);
    this.flushTimer ??= setTimeout(() => this.flush(), this.hub.options.batchWindowMs);
  }

  private flush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const due = this.heldDueIn();
    if (this.pending.length === 0 && this.pendingStatuses.length === 0 && due === undefined) return;
    const batch: LogBatch = { lines: this.ordered(this.pending), statuses: this.pendingStatuses };
    this.pending = [];
    this.pendingStatuses = [];
    this.pendingBytes = 0;
    this.scheduleHeld();
    if (batch.lines.length === 0 && batch.statuses.length === 0) return;
    this.remember(batch.lines);
    for (const listener of this.listeners) deliver(listener, batch);
    getMetrics().logLines.inc({ direction: "out" }, batch.lines.length * this.listeners.size);
  }

  /** Lines held back for ordering go out when their wait ends, even if nothing new arrives. */
  private scheduleHeld() {
    const due = this.heldDueIn();
    if (due === undefined || this.ended) return;
    this.flushTimer ??= setTimeout(() => this.flush(), Math.max(due, this.hub.options.batchWindowMs));
  }

  /** One container's lines are in order already; many pods' lines are merged by timestamp. */
  protected ordered(lines: LogLine[]): LogLine[] {
    return lines;
  }

  /** How soon lines held back by ordered() are due; undefined when none are. */
  protected heldDueIn(): number | undefined {
    return undefined;
  }

  private remember(lines: LogLine[]) {
    const keep = Math.min(this.spec.options.tailLines ?? this.hub.options.backlogLines, BACKLOG_MAX_LINES);
    // tailLines 0 keeps nothing (slice(-0) would be every line); a loop, not push(...), whatever the batch size.
    if (keep === 0) return;
    for (let i = Math.max(0, lines.length - keep); i < lines.length; i++) this.recent.push(lines[i]!);
    if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);
  }
}

/** A listener that throws must not starve the other rooms of the same batch. */
function deliver(listener: LogListener, batch: LogBatch) {
  try {
    listener(batch);
  } catch (error) {
    log.error("a log listener failed", { error: error instanceof Error ? error.message : String(error) });
  }
}

/** One container of one pod: the one upstream stream. */
class PodView extends View {
  private stream?: ContainerLogStream;
  private holdsSlot = false;

  start() {
    const { spec } = this;
    if (!("pod" in spec.target) || !spec.target.container) {
      throw new AppError("INTERNAL", "A pod log view needs its container resolved first");
    }
    this.hub.takeStream(spec);
    this.holdsSlot = true;
    const ref = { namespace: spec.namespace, pod: spec.target.pod, container: spec.target.container };
    const source = { connect: spec.connect, impersonate: spec.impersonate };
    this.stream = new ContainerLogStream(source, ref, spec.options, {
      lines: (lines) => this.addLines(lines),
      event: (event) => this.onEvent(event, ref),
    });
    this.stream.start();
  }

  private onEvent(event: LogStreamEvent, ref: { pod: string; container: string }) {
    if (event.kind === "restarted") this.addStatus({ kind: "restarted", ...ref });
    else if (event.kind === "error") this.addStatus({ kind: "error", ...ref, message: event.message });
    if (event.kind === "ended" || (event.kind === "error" && event.final)) this.giveBackSlot();
  }

  private giveBackSlot() {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.hub.returnStream(this.spec);
  }

  protected async stop() {
    await this.stream?.stop();
    this.giveBackSlot();
  }
}

/**
 * The pods of a label selector in a namespace (a workload's selector is resolved before): pods
 * that appear join, pods that go away are marked, at most maxPodsPerView of them.
 */
class SelectorView extends View {
  private watch?: WatchHandle;
  private readonly members = new Map<string, { handle?: LogHandle; container: string; stopListening?: () => void }>();
  private readonly queue: string[] = [];
  /** Pods whose container is being looked up: they count against the cap already. */
  private readonly lookingUp = new Set<string>();
  private cappedSaid = false;
  private readonly reorder = new ReorderWindow();

  start() {
    const { spec } = this;
    this.watch = this.hub.watchHub.acquire({
      clusterId: spec.clusterId,
      credentialVersion: spec.credentialVersion,
      impersonate: spec.impersonate,
      resource: { group: "", version: "v1", plural: "pods", namespaced: true },
      namespace: spec.namespace,
      labelSelector: "labelSelector" in spec.target ? spec.target.labelSelector : "",
      connect: spec.connect,
      project: (object) => projectRow(podKind, object),
    });
    const snapshot = this.watch.snapshot();
    this.watch.onBatch((batch) => this.onPods(batch));
    for (const row of snapshot.rows) this.consider(row);
    void this.watch.firstSync().then((status) => {
      if (status.reason && status.state === "stale") {
        this.addStatus({ kind: "error", message: status.reason.message });
      }
    });
  }

  /** Merged by timestamp across batches too: a line waits (boundedly) for the other pods to catch up. */
  protected override ordered(lines: LogLine[]): LogLine[] {
    return this.reorder.push(lines, this.members.keys(), Date.now());
  }

  protected override heldDueIn(): number | undefined {
    return this.reorder.nextDue(Date.now());
  }

  private onPods(batch: WatchBatch) {
    for (const delta of batch.deltas) {
      if (delta.type === "DELETED") this.leave(delta.row.name);
      else this.consider(delta.row);
    }
  }

  /** A pod with logs to read joins; one that is going away stays until it is deleted (its last lines). */
  private consider(row: ResourceRow) {
    if (this.members.has(row.name) || this.queue.includes(row.name) || this.lookingUp.has(row.name) || this.ended)
      return;
    const taken = this.members.size + this.queue.length + this.lookingUp.size;
    if (taken >= this.hub.options.maxPodsPerView) return this.sayCapped();
    this.queue.push(row.name);
    this.pump();
  }

  private sayCapped() {
    if (this.cappedSaid) return;
    this.cappedSaid = true;
    const max = this.hub.options.maxPodsPerView;
    this.addStatus({
      kind: "capped",
      message: `This view shows the first ${max} pods only (PILOTHOUSE_LOG_MAX_PODS); narrow the selector to see the others`,
    });
  }

  private pump() {
    while (this.lookingUp.size < JOIN_CONCURRENCY && this.queue.length > 0) {
      const name = this.queue.shift()!;
      this.lookingUp.add(name);
      void this.join(name).finally(() => {
        this.lookingUp.delete(name);
        this.pump();
      });
    }
  }

  private async join(pod: string) {
    const { spec } = this;
    try {
      const connection = await spec.connect();
      const container = await resolveContainer(
        connection,
        spec.impersonate,
        spec.namespace,
        pod,
        spec.target.container,
      );
      if (this.ended || this.members.has(pod)) return;
      const child = this.hub.acquire({ ...spec, target: { pod, container } });
      const member = { handle: child, container, stopListening: undefined as undefined | (() => void) };
      this.members.set(pod, member);
      this.addStatus({ kind: "joined", pod, container });
      this.addLines(child.backlog());
      member.stopListening = child.onBatch((batch) => {
        this.addLines(batch.lines);
        for (const status of batch.statuses) this.addStatus(status);
      });
    } catch (error) {
      // A pod that went away before it joined is no news; anything else is said for that pod.
      if (error instanceof AppError && error.code === "NOT_FOUND") return;
      this.addStatus({
        kind: "error",
        pod,
        message: error instanceof AppError ? error.message : "Could not read this pod",
      });
    }
  }

  private leave(pod: string) {
    const index = this.queue.indexOf(pod);
    if (index !== -1) this.queue.splice(index, 1);
    const member = this.members.get(pod);
    if (!member) return;
    this.members.delete(pod);
    member.stopListening?.();
    member.handle?.release();
    this.reorder.forget(pod);
    this.addStatus({ kind: "left", pod, container: member.container });
    this.cappedSaid = false;
  }

  protected async stop() {
    this.watch?.release();
    this.queue.length = 0;
    for (const member of this.members.values()) {
      member.stopListening?.();
      member.handle?.release();
    }
    this.members.clear();
  }
}
