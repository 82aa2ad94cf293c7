/**
 * The real kube-apiserver's audit log (every test cluster logs create/update/patch/delete/
 * deletecollection at Metadata level; tests/support/realcluster/cluster-env.sh). Lets a test
 * count the writes that actually reached a cluster: mark the log, act, then read what followed.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { TestCluster } from "./clusters";
import { LIVE_CHANGE_TIMEOUT } from "./live-change";

/** A position in a cluster's audit log: events written after it are "since" the mark. */
export type AuditMark = { path: string; offset: number };

export type ApiserverAuditEvent = {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string; groups?: string[] };
  impersonatedUser?: { username: string; groups?: string[] };
  objectRef?: {
    resource?: string;
    namespace?: string;
    name?: string;
    subresource?: string;
    apiGroup?: string;
  };
  responseStatus?: { code?: number };
};

/** What one read may take in: a test's writes are a few KiB; a runaway log must not eat the heap. */
const MAX_READ_BYTES = 32 * 1024 * 1024;

export function markAuditLog(cluster: Pick<TestCluster, "auditLogPath">): AuditMark {
  return { path: cluster.auditLogPath, offset: sizeOf(cluster.auditLogPath) };
}

/** Every complete event line written since the mark. */
export function readAuditEventsSince(mark: AuditMark): ApiserverAuditEvent[] {
  const size = sizeOf(mark.path);
  if (size < mark.offset) throw new Error(`${mark.path} was rotated after the mark; mark again`);
  const length = Math.min(size - mark.offset, MAX_READ_BYTES);
  if (length === 0) return [];
  const buffer = Buffer.alloc(length);
  const fd = openSync(mark.path, "r");
  try {
    readSync(fd, buffer, 0, length, mark.offset);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString("utf8");
  // A line still being written has no newline yet: leave it for the next read.
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  return complete
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ApiserverAuditEvent);
}

/**
 * The apiserver writes an event as the response completes, so a client can see its answer a
 * moment before the line exists. Poll (bounded) until `done` holds for the events since the mark.
 */
export async function waitForAuditEvents(
  mark: AuditMark,
  done: (events: ApiserverAuditEvent[]) => boolean,
  timeoutMs = LIVE_CHANGE_TIMEOUT,
): Promise<ApiserverAuditEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = readAuditEventsSince(mark);
    if (done(events)) return events;
    if (Date.now() > deadline) {
      throw new Error(`the audit log ${mark.path} did not show the expected events within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes since the mark, optionally only those matching `filter` (e.g. by user or resource). */
export function countWritesSince(mark: AuditMark, filter: (event: ApiserverAuditEvent) => boolean = () => true) {
  return readAuditEventsSince(mark).filter(filter).length;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
