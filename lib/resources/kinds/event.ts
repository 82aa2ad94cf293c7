import { asNumber, asRecord, asString, capText, MAX_WORD } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { ResourceStatus } from "../types";

/** Warning reasons that report a failure outright (the rest are warnings about waiting or retrying). */
const FAILURE_REASONS = new Set([
  "Failed",
  "BackOff",
  "BackoffLimitExceeded",
  "DeadlineExceeded",
  "FailedCreate",
  "FailedMount",
  "FailedAttachVolume",
  "FailedKillPod",
  "Evicted",
  "OOMKilling",
  "SystemOOM",
  "ProvisioningFailed",
]);

/** LAST SEEN and COUNT the way kubectl reads them across the old and the events.k8s.io fields. */
function occurrence(object: Record<string, unknown>) {
  const series = asRecord(object.series);
  const seriesCount = asNumber(series.count);
  const first = asString(object.firstTimestamp) ?? asString(object.eventTime) ?? null;
  const last = asString(series.lastObservedTime) ?? asString(object.lastTimestamp) ?? first;
  // A series does not count the singleton event it grew from, hence + 1 (as kubectl does).
  const count = seriesCount !== undefined ? seriesCount + 1 : asNumber(object.count) || 1;
  return { last: last ?? asString(asRecord(object.metadata).creationTimestamp) ?? null, count };
}

export const event = defineKind({
  kind: "Event",
  plural: "events",
  category: "cluster",
  columns: [
    column.status("Type"),
    column.text("reason", "Reason"),
    column.text("object", "Object"),
    column.text("message", "Message"),
    column.number("count", "Count"),
    column.age("lastSeen", "Last seen"),
    column.text("source", "Source", { secondary: true }),
  ],
  toCells: (object) => {
    const involved = asRecord(object.involvedObject);
    const source = asRecord(object.source);
    const kind = asString(involved.kind)?.toLowerCase() ?? "";
    const { last, count } = occurrence(object);
    return {
      type: capText(asString(object.type) ?? "Normal", 16),
      reason: capText(asString(object.reason), MAX_WORD),
      object: capText(involved.name ? `${kind}/${String(involved.name)}` : kind, 128),
      objectUid: capText(asString(involved.uid), 40),
      message: capText(asString(object.message)),
      count,
      lastSeen: last,
      source: capText(asString(object.reportingComponent) || asString(source.component), MAX_WORD),
    };
  },
  status: (row): ResourceStatus => {
    const type = typeof row.cells.type === "string" ? row.cells.type : "Normal";
    const reason = typeof row.cells.reason === "string" ? row.cells.reason : undefined;
    if (type !== "Warning") return { label: type, tone: "info", ...(reason && { reason }) };
    return { label: type, tone: reason && FAILURE_REASONS.has(reason) ? "error" : "warn", ...(reason && { reason }) };
  },
  // Events are records of what happened: nothing to edit; deleting one is housekeeping.
  actions: { delete: "resources.delete" },
});
