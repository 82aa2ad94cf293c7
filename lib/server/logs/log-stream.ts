import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "@/lib/errors";
import type { ClusterConnection } from "../k8s/connection";
import { kubernetesError } from "../k8s/errors";
import { openStream, readBodyCapped } from "../k8s/http-guard";
import { impersonationHeaders, type Impersonation } from "../k8s/request";
import { objectPath } from "../k8s/resource-path";
import { LineSplitter, type LogLine, splitTimestamp, wholeSecond } from "./log-lines";

/**
 * One upstream log stream of one container (docs/logs.md): always `timestamps=true`, so lines can
 * be merged across pods and a reopen can resume at the last line. When a followed stream ends
 * while someone still reads it (the container restarted, the kubelet closed it), it is reopened
 * from the second of the last line and the lines already seen are dropped: none lost, none twice.
 */

export type LogOptions = {
  tailLines?: number;
  sinceSeconds?: number;
  /** The previous (terminated) instance: a finished log, never followed. */
  previous?: boolean;
};

export type ContainerRef = { namespace: string; pod: string; container: string };

export type LogStreamEvent =
  | { kind: "restarted" }
  /** final: the stream will not be reopened (pod gone, access refused, a finished log). */
  | { kind: "error"; message: string; final: boolean }
  | { kind: "ended" };

export type LogStreamSink = {
  lines(lines: LogLine[]): void;
  event(event: LogStreamEvent): void;
};

export type LogSource = {
  connect: () => Promise<ClusterConnection>;
  impersonate?: Impersonation;
};

/** A stream of a quiet container sends nothing for long stretches; it is reopened, not failed, after this. */
const LOG_INACTIVITY_MS = 120_000;
const ERROR_BODY_MAX_BYTES = 64 * 1024;
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** Lines remembered at the last timestamp, to drop their repeats after a reopen. */
const SEEN_AT_LAST_TS = 256;

/** `/api/v1/namespaces/{ns}/pods/{pod}/log?...`, every part checked (resource-path.ts). */
export function logPath(ref: ContainerRef, query: Record<string, string | number | boolean | undefined>): string {
  const pod = objectPath({ group: "", version: "v1", plural: "pods", namespaced: true }, ref.pod, ref.namespace);
  const params = new URLSearchParams({ container: ref.container });
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  return `${pod}/log?${params.toString()}`;
}

/** Open a log request through the guarded transport; a refusal becomes our error with the cluster's message. */
export async function openLogRequest(
  source: LogSource,
  ref: ContainerRef,
  query: Record<string, string | number | boolean | undefined>,
  signal?: AbortSignal,
) {
  const connection = await source.connect();
  const response = await openStream({
    ...connection,
    path: logPath(ref, query),
    headers: { accept: "text/plain, */*", ...impersonationHeaders(source.impersonate) },
    inactivityMs: LOG_INACTIVITY_MS,
    signal,
  });
  if (response.status < 400) return response;
  const raw = await readBodyCapped(
    response.stream as unknown as Parameters<typeof readBodyCapped>[0],
    ERROR_BODY_MAX_BYTES,
    connection.target,
  ).catch(() => Buffer.alloc(0));
  throw kubernetesError({ status: response.status, body: parseStatus(raw) });
}

function parseStatus(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return { message: raw.toString("utf8").trim().slice(0, 300) };
  }
}

export class ContainerLogStream {
  private readonly abort = new AbortController();
  private stopped = false;
  private lastTs = "";
  private readonly seenAtLastTs = new Set<string>();
  private restartPending = false;
  private running?: Promise<void>;

  constructor(
    private readonly source: LogSource,
    readonly ref: ContainerRef,
    private readonly options: LogOptions,
    private readonly sink: LogStreamSink,
  ) {}

  start() {
    this.running ??= this.run();
  }

  async stop() {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }

  private get follows() {
    return !this.options.previous;
  }

  private async run() {
    let failures = 0;
    while (!this.stopped) {
      let opened = false;
      try {
        const response = await openLogRequest(this.source, this.ref, this.query(), this.abort.signal);
        opened = true;
        const delivered = await this.read(response.stream);
        if (!this.follows) return this.sink.event({ kind: "ended" });
        // A clean end while followed: the container stopped or restarted. Announce it with its next
        // line; a stream that ends without a new line (a container waiting to restart) backs off.
        this.restartPending = true;
        failures = delivered > 0 ? 0 : failures + 1;
      } catch (error) {
        if (this.stopped) return;
        const final = !this.follows || isFinal(error);
        // Said once per outage, not at every retry.
        if (final || (!opened && failures === 0)) this.sink.event({ kind: "error", message: messageOf(error), final });
        if (final) return;
        failures = opened ? 0 : failures + 1;
      }
      await sleep(backoff(failures), undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
  }

  /** The first open asks for the viewer's tail or window; a reopen resumes at the last line's second. */
  private query() {
    const { tailLines, sinceSeconds, previous } = this.options;
    const resume = this.lastTs ? { sinceTime: wholeSecond(this.lastTs) } : { tailLines, sinceSeconds };
    return { timestamps: true, ...(previous ? { previous: true } : { follow: true }), ...resume };
  }

  /** Read until the stream ends; how many new lines it delivered. */
  private async read(stream: AsyncIterable<Buffer>): Promise<number> {
    const splitter = new LineSplitter();
    let delivered = 0;
    for await (const chunk of stream) {
      if (this.stopped) return delivered;
      delivered += this.deliver(splitter.push(chunk));
    }
    const last = splitter.end();
    if (last !== undefined) delivered += this.deliver([last]);
    return delivered;
  }

  private deliver(raw: string[]): number {
    const lines: LogLine[] = [];
    for (const text of raw) {
      const line = { pod: this.ref.pod, container: this.ref.container, ...splitTimestamp(text) };
      if (this.isRepeat(line)) continue;
      lines.push(line);
    }
    if (lines.length === 0) return 0;
    if (this.restartPending) {
      this.restartPending = false;
      this.sink.event({ kind: "restarted" });
    }
    this.sink.lines(lines);
    return lines.length;
  }

  /** Drop what a reopen sends again: older than the last line, or the same line at its timestamp. */
  private isRepeat(line: LogLine): boolean {
    if (!line.ts) return false;
    if (line.ts < this.lastTs) return true;
    if (line.ts === this.lastTs) {
      if (this.seenAtLastTs.has(line.text)) return true;
    } else {
      this.lastTs = line.ts;
      // Cleared, not replaced: at 50k lines/s nearly every line starts a new timestamp.
      this.seenAtLastTs.clear();
    }
    if (this.seenAtLastTs.size < SEEN_AT_LAST_TS) this.seenAtLastTs.add(line.text);
    return false;
  }
}

/** Gone or refused: reopening would fail the same way. Waiting containers and outages are retried. */
function isFinal(error: unknown): boolean {
  return error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN");
}

function messageOf(error: unknown): string {
  return error instanceof AppError ? error.message : "The log stream failed";
}

function backoff(failures: number): number {
  if (failures === 0) return 0;
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1));
}
