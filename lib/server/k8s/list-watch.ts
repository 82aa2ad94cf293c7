import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "@/lib/errors";
import type { KubeObject, ResourceRow } from "@/lib/resources/types";
import type { DeltaType, UpstreamReasonCode, UpstreamStatus } from "@/lib/wire/watch";
import { log } from "../logger";
import { getMetrics } from "../metrics";
import { type Backoff, createBackoff, jittered } from "./backoff";
import type { Bulkhead } from "./bulkhead";
import type { ClusterConnection } from "./connection";
import { kubernetesError } from "./errors";
import { openStream, requestJson } from "./http-guard";
import { readLines } from "./json-lines";
import { impersonationHeaders, type Impersonation } from "./request";
import { collectionPath, type WatchedResource } from "./resource-path";

/**
 * The loop behind one upstream view (docs/realtime.md, "The watch loop"): a paginated LIST, then
 * a WATCH from its resourceVersion, for as long as someone looks.
 *
 *   list ──► watch ──(clean end: timeoutSeconds)──► watch again from the last resourceVersion
 *    ▲         │ (reset, stall, 5xx) ──► backoff with jitter ──► watch again
 *    │         │ (410 Gone: history expired)
 *    └─────────┘
 *   401/403/404 anywhere: rows cleared, status stale, a slow retry (never a hot loop)
 *
 * We own this loop because client-node's informer does not restart on non-410 errors, asks for
 * no bookmarks and keeps full objects. Objects become rows as they arrive; none is kept.
 */

export type ListWatchTarget = {
  clusterId: string;
  resource: WatchedResource;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  impersonate?: Impersonation;
  /** Called before every request, so a refreshed connection (DNS re-vetted) is picked up. */
  connect: () => Promise<ClusterConnection>;
  /** Project one object to its row; called once per object, which is then dropped. */
  toRow: (object: KubeObject) => ResourceRow;
};

/** Where the loop reports; the hub keeps the rows and tells viewers. */
export type ListWatchSink = {
  /** A complete (re)list: these are now all the rows. */
  listed(rows: ResourceRow[], resourceVersion: string): void;
  changed(type: DeltaType, row: ResourceRow, resourceVersion: string): void;
  /** A bookmark: nothing changed up to this resourceVersion. */
  progressed(resourceVersion: string): void;
  /** The cluster refused this view: nothing may be kept. */
  cleared(): void;
  status(status: UpstreamStatus): void;
  /** Rows held now, to keep a watch from growing the cache past its bound. */
  size(): number;
};

export type ListWatchOptions = {
  pageSize: number;
  /** What one list page may buffer; pages are small, so a whole list is never held as JSON. */
  pageMaxBytes: number;
  /** Per page, never per list: a healthy 10k-object list takes as many pages as it needs. */
  pageTimeoutMs: number;
  maxLineBytes: number;
  /**
   * A watch that sends nothing for this long is dead and is reopened. Unset: the watch's own
   * timeoutSeconds plus a grace. Bookmarks cannot serve as a heartbeat, because older apiservers
   * send none while a watch is open (1.20 sends none, as measured), so a quiet, healthy watch may
   * be silent until the server ends it; it always ends it on time, so silence past that is a
   * dead connection.
   */
  inactivityMs?: number;
  /** Server-side watch length, drawn from this range each time (client-go does the same). */
  watchTimeoutSeconds: readonly [number, number];
  backoff: { baseMs: number; maxMs: number };
  /** Retry after 401/403/404, slowly: permissions rarely return within seconds. */
  refusedRetryMs: number;
  /** Reconnecting for longer than this turns the status stale. */
  staleAfterMs: number;
  maxRows: number;
  /** A watch open this long (or that delivered anything) was healthy: its end resets the backoff. */
  healthyWatchMs: number;
  /** LIST concurrency per cluster. */
  listSlots: Bulkhead;
};

export const DEFAULT_LIST_WATCH_OPTIONS: Omit<ListWatchOptions, "listSlots"> = {
  pageSize: 500,
  pageMaxBytes: 16 * 1024 * 1024,
  pageTimeoutMs: 60_000,
  maxLineBytes: 4 * 1024 * 1024,
  watchTimeoutSeconds: [300, 600],
  backoff: { baseMs: 500, maxMs: 30_000 },
  refusedRetryMs: 60_000,
  staleAfterMs: 30_000,
  maxRows: 100_000,
  healthyWatchMs: 30_000,
};

export type ListWatch = { stop(): void; stopped: Promise<void> };

export function startListWatch(target: ListWatchTarget, sink: ListWatchSink, options: ListWatchOptions): ListWatch {
  const controller = new AbortController();
  const loop: Loop = {
    target,
    sink,
    options,
    signal: controller.signal,
    backoff: createBackoff(options.backoff),
    reporter: createStatusReporter(sink, options.staleAfterMs),
  };
  const stopped = runLoop(loop).finally(() => loop.reporter.stop());
  return { stop: () => controller.abort(), stopped };
}

// ---------------------------------------------------------------------------------------------

type Loop = {
  target: ListWatchTarget;
  sink: ListWatchSink;
  options: ListWatchOptions;
  signal: AbortSignal;
  backoff: Backoff;
  reporter: StatusReporter;
};

async function runLoop(loop: Loop): Promise<void> {
  let relisting = false;
  while (!loop.signal.aborted) {
    try {
      if (relisting) countRelist(loop.target);
      relisting = true;
      const resourceVersion = await listAll(loop);
      loop.reporter.live();
      await watchUntilExpired(loop, resourceVersion);
    } catch (error) {
      if (loop.signal.aborted) return;
      await recover(loop, error);
    }
  }
}

/** After a failed list or a refused watch: say why, clear what may not be kept, wait. */
async function recover(loop: Loop, error: unknown) {
  const reason = reasonFor(error);
  if (reason.code === "UNREACHABLE") {
    loop.reporter.failing(reason);
    await pause(loop, loop.backoff.next());
    return;
  }
  loop.sink.cleared();
  loop.reporter.refused(reason);
  await pause(loop, jittered(loop.options.refusedRetryMs));
}

/** How far one watch got: where to resume, and whether it behaved like a healthy one. */
type WatchProgress = { resourceVersion: string; delivered: boolean; lastedMs: number; requestedMs: number };

/** Rewatch until the cluster no longer has the history we need (410), then return to relist. */
async function watchUntilExpired(loop: Loop, resourceVersion: string): Promise<void> {
  const progress: WatchProgress = { resourceVersion, delivered: false, lastedMs: 0, requestedMs: 0 };
  for (;;) {
    const failure = await watchOnce(loop, progress).then(
      () => undefined,
      (error: unknown) => error ?? new Error("watch failed"),
    );
    const healthy = progress.delivered || progress.lastedMs >= loop.options.healthyWatchMs;
    if (healthy) loop.backoff.reset();
    if (isGone(failure)) {
      // Expired right after a fresh list is odd; pausing keeps it from becoming a hot loop.
      if (!healthy) await pause(loop, loop.backoff.next());
      return;
    }
    if (failure) {
      if (loop.signal.aborted || reasonFor(failure).code !== "UNREACHABLE") throw failure;
      loop.reporter.failing(reasonFor(failure));
    }
    // Ended by the server's timeoutSeconds: reopen at once. Failed, or ended early: wait first.
    const endedOnTime = !failure && progress.lastedMs >= progress.requestedMs / 2;
    if (!endedOnTime) await pause(loop, loop.backoff.next());
  }
}

/** One WATCH request, streamed line by line, recording its progress as it goes. */
async function watchOnce(loop: Loop, progress: WatchProgress): Promise<void> {
  loop.signal.throwIfAborted();
  const { target, options } = loop;
  const timeoutSeconds = randomBetween(options.watchTimeoutSeconds);
  Object.assign(progress, { delivered: false, lastedMs: 0, requestedMs: timeoutSeconds * 1000 });
  const { agent: _sharedAgent, ...tls } = await target.connect();
  const response = await openStream({
    ...tls, // a connection of its own: a watch holds it for minutes, and must outlive pooled agents
    path: requestPath(target, {
      watch: "1",
      resourceVersion: progress.resourceVersion,
      allowWatchBookmarks: "true",
      timeoutSeconds: String(timeoutSeconds),
    }),
    headers: impersonationHeaders(target.impersonate),
    inactivityMs: options.inactivityMs ?? timeoutSeconds * 1000 + WATCH_END_GRACE_MS,
    signal: loop.signal,
  });
  if (response.status !== 200) throw upstreamError(response.status, await readErrorBody(response.stream));
  loop.reporter.live();
  const openedAt = Date.now();
  try {
    for await (const line of readLines(response.stream, options.maxLineBytes)) {
      progress.delivered = true;
      progress.resourceVersion = applyEvent(loop, parseEvent(line), progress.resourceVersion);
    }
  } finally {
    response.stream.destroy();
    progress.lastedMs = Date.now() - openedAt;
  }
}

/** How late after its timeoutSeconds a server may end a watch before we call the connection dead. */
const WATCH_END_GRACE_MS = 30_000;

type WatchEvent = { type: string; object: KubeObject };

/** Hand one event to the sink; returns the resourceVersion the watch has now reached. */
function applyEvent(loop: Loop, event: WatchEvent, resourceVersion: string): string {
  const next = event.object.metadata?.resourceVersion ?? resourceVersion;
  switch (event.type) {
    case "ADDED":
    case "MODIFIED":
    case "DELETED": {
      getMetrics().watchEvents.inc({ direction: "in" });
      const row = projectSafely(loop.target, event.object);
      if (row) loop.sink.changed(event.type, row, next);
      if (event.type === "ADDED" && loop.sink.size() > loop.options.maxRows) throw tooLarge(loop.options.maxRows);
      return next;
    }
    case "BOOKMARK":
      loop.sink.progressed(next);
      return next;
    case "ERROR":
      throw upstreamError(Number(event.object.code) || 500, event.object);
    default:
      throw new AppError("CLUSTER_UNREACHABLE", "The cluster sent a watch event of an unknown type");
  }
}

// ---------------------------------------------------------------------------------------------
// LIST

type ListPage = { items?: KubeObject[]; metadata?: { continue?: string; resourceVersion?: string } };

/** The whole collection, page by page, as rows; returns the list's resourceVersion. */
async function listAll(loop: Loop): Promise<string> {
  const { rows, resourceVersion } = await loop.options.listSlots.run(
    loop.target.clusterId,
    () => listWithRestarts(loop),
    loop.signal,
  );
  loop.signal.throwIfAborted();
  loop.sink.listed(rows, resourceVersion);
  return resourceVersion;
}

const LIST_RESTARTS = 3;

/** A continue token expires with etcd compaction (410 mid-list): start the list over, a few times. */
async function listWithRestarts(loop: Loop): Promise<{ rows: ResourceRow[]; resourceVersion: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await listPages(loop);
    } catch (error) {
      if (!isGone(error) || attempt === LIST_RESTARTS) throw error;
    }
  }
}

/**
 * Pages in order; the next page is asked for as soon as this one arrives, so projecting one page
 * overlaps the apiserver reading the next (at most two pages are held).
 */
async function listPages(loop: Loop): Promise<{ rows: ResourceRow[]; resourceVersion: string }> {
  const rows: ResourceRow[] = [];
  let next: Promise<ListPage> | undefined = fetchPage(loop, undefined);
  let resourceVersion = "";
  try {
    while (next) {
      const page: ListPage = await next;
      const token = page.metadata?.continue;
      next = token ? fetchPage(loop, token) : undefined;
      resourceVersion = page.metadata?.resourceVersion ?? "";
      for (const item of page.items ?? []) {
        const row = projectSafely(loop.target, item);
        if (row) rows.push(row);
      }
      if (rows.length > loop.options.maxRows) throw tooLarge(loop.options.maxRows);
    }
    return { rows, resourceVersion };
  } finally {
    next?.catch(() => undefined); // a page still in flight when the list failed is not wanted
  }
}

/**
 * One page, read from etcd (resourceVersion unset). The apiserver's watch cache (resourceVersion=0)
 * would be cheaper, but older apiservers ignore `limit` there and answer with the whole collection
 * in one body (1.20 does: `limit=1&resourceVersion=0` returns every pod), which page caps cannot
 * allow (docs/decisions/0030-watch-loop.md).
 */
async function fetchPage(loop: Loop, token: string | undefined): Promise<ListPage> {
  const { target, options } = loop;
  const connection = await target.connect();
  const started = performance.now();
  const response = await requestJson<ListPage>({
    ...connection,
    path: requestPath(target, { limit: String(options.pageSize), ...(token && { continue: token }) }),
    headers: impersonationHeaders(target.impersonate),
    timeoutMs: options.pageTimeoutMs,
    maxBytes: options.pageMaxBytes,
    signal: loop.signal,
  });
  getMetrics().clusterRequestDuration.observe(
    { cluster: target.clusterId, verb: "list" },
    (performance.now() - started) / 1000,
  );
  if (response.status !== 200) throw upstreamError(response.status, response.body);
  return response.body ?? {};
}

// ---------------------------------------------------------------------------------------------
// Errors and status

/** A list or watch the cluster answered with an error; its HTTP status decides what happens next. */
class UpstreamError extends AppError {
  constructor(
    readonly httpStatus: number,
    cause: AppError,
  ) {
    super(cause.code, cause.message);
  }
}

class TooLargeError extends AppError {}

function upstreamError(status: number, body: unknown): UpstreamError {
  return new UpstreamError(status, kubernetesError({ status, body }));
}

function tooLarge(maxRows: number): TooLargeError {
  return new TooLargeError(
    "INVALID_INPUT",
    `This view holds more than ${maxRows} objects; narrow it with a namespace or a selector`,
  );
}

function isGone(error: unknown): boolean {
  return error instanceof UpstreamError && error.httpStatus === 410;
}

const REFUSALS: Record<number, UpstreamReasonCode> = { 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND" };

function reasonFor(error: unknown): { code: UpstreamReasonCode; message: string } {
  if (error instanceof TooLargeError) return { code: "TOO_LARGE", message: error.message };
  const refusal = error instanceof UpstreamError ? REFUSALS[error.httpStatus] : undefined;
  if (refusal) return { code: refusal, message: (error as UpstreamError).message };
  if (error instanceof AppError) return { code: "UNREACHABLE", message: error.message };
  return { code: "UNREACHABLE", message: "The cluster could not be reached" };
}

type StatusReporter = ReturnType<typeof createStatusReporter>;

/**
 * live / reconnecting / stale, reported only when the state or its reason changes. The clock
 * starts with the loop, so a cluster that never answers the first list turns stale on time too.
 */
function createStatusReporter(sink: ListWatchSink, staleAfterMs: number) {
  let current: UpstreamStatus = { state: "reconnecting", since: new Date().toISOString() };
  let failingSince: number | undefined = Date.now();
  let staleTimer = armStaleTimer();

  function set(state: UpstreamStatus["state"], reason?: UpstreamStatus["reason"]) {
    if (current.state === state && current.reason?.code === reason?.code) return;
    current = { state, since: new Date().toISOString(), ...(reason && { reason }) };
    sink.status(current);
  }
  function armStaleTimer(reason?: UpstreamStatus["reason"]) {
    const timer = setTimeout(() => {
      set("stale", reason ?? { code: "UNREACHABLE", message: "The cluster has not answered" });
    }, staleAfterMs);
    timer.unref();
    return timer;
  }
  return {
    live() {
      clearTimeout(staleTimer);
      failingSince = undefined;
      set("live");
    },
    failing(reason: NonNullable<UpstreamStatus["reason"]>) {
      const now = Date.now();
      failingSince ??= now;
      clearTimeout(staleTimer);
      const stale = now - failingSince >= staleAfterMs;
      set(stale ? "stale" : "reconnecting", reason);
      if (!stale) staleTimer = armStaleTimer(reason);
    },
    refused(reason: NonNullable<UpstreamStatus["reason"]>) {
      clearTimeout(staleTimer);
      failingSince ??= Date.now();
      set("stale", reason);
    },
    stop() {
      clearTimeout(staleTimer);
    },
  };
}

// ---------------------------------------------------------------------------------------------

function requestPath(target: ListWatchTarget, parameters: Record<string, string>): string {
  const query = new URLSearchParams(parameters);
  if (target.labelSelector) query.set("labelSelector", target.labelSelector);
  if (target.fieldSelector) query.set("fieldSelector", target.fieldSelector);
  return `${collectionPath(target.resource, target.namespace)}?${query}`;
}

function parseEvent(line: Buffer): WatchEvent {
  let event: unknown;
  try {
    event = JSON.parse(line.toString("utf8"));
  } catch {
    throw new AppError("CLUSTER_UNREACHABLE", "The cluster sent a watch event that is not JSON");
  }
  const { type, object } = (event ?? {}) as Partial<WatchEvent>;
  if (typeof type !== "string" || typeof object !== "object" || object === null) {
    throw new AppError("CLUSTER_UNREACHABLE", "The cluster sent a malformed watch event");
  }
  return { type, object };
}

/** One odd object must not stop a whole view; it is logged by name and left out. */
function projectSafely(target: ListWatchTarget, object: KubeObject): ResourceRow | undefined {
  try {
    return target.toRow(object);
  } catch (error) {
    log.warn("a watched object could not be shown", {
      cluster: target.clusterId,
      resource: target.resource.plural,
      namespace: object.metadata?.namespace,
      name: object.metadata?.name,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

/** An error answer to a watch is a small Status; read at most 64 KiB of it. */
async function readErrorBody(stream: Readable): Promise<unknown> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length > 64 * 1024) break;
    }
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return null;
  } finally {
    stream.destroy();
  }
}

function countRelist(target: ListWatchTarget) {
  getMetrics().watchRelists.inc({ cluster: target.clusterId, resource: resourceLabel(target.resource) });
}

export function resourceLabel(resource: WatchedResource): string {
  return resource.group === "" ? resource.plural : `${resource.plural}.${resource.group}`;
}

function randomBetween([min, max]: readonly [number, number]): number {
  return Math.round(min + Math.random() * (max - min));
}

function pause(loop: Loop, ms: number): Promise<void> {
  return sleep(ms, undefined, { signal: loop.signal }).catch(() => undefined);
}
