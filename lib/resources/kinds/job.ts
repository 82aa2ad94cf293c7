import { asNumber, asRecord, asString, capText, containerCells, findCondition, MAX_MESSAGE, MAX_WORD } from "../cells";
import { column } from "../columns";
import { defineKind, editAndDelete } from "../define-kind";
import type { ColumnSpec, ResourceStatus } from "../types";

/** COMPLETIONS as kubectl prints it: "1/1", or "0/1 of 3" for a parallel job without a count. */
function completions(spec: Record<string, unknown>, succeeded: number): string {
  const wanted = asNumber(spec.completions);
  if (wanted !== undefined) return `${succeeded}/${wanted}`;
  const parallelism = asNumber(spec.parallelism) ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m${seconds % 60 ? `${seconds % 60}s` : ""}`;
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
}

/** Seconds from start to completion; a running job's duration grows, so it has none here. */
function durationSeconds(status: Record<string, unknown>): number | null {
  const started = Date.parse(asString(status.startTime) ?? "");
  const finished = Date.parse(asString(status.completionTime) ?? "");
  return Number.isNaN(started) || Number.isNaN(finished) ? null : Math.max(0, Math.round((finished - started) / 1000));
}

const durationColumn: ColumnSpec = {
  id: "duration",
  title: "Duration",
  type: "text",
  value: (row) => (typeof row.cells.durationSeconds === "number" ? row.cells.durationSeconds : null),
};

export function jobOutcome(status: Record<string, unknown>): "Complete" | "Failed" | null {
  if (findCondition(status, "Failed")?.status === "True") return "Failed";
  if (findCondition(status, "Complete")?.status === "True") return "Complete";
  return null;
}

export const job = defineKind({
  kind: "Job",
  group: "batch",
  plural: "jobs",
  category: "workloads",
  columns: [
    column.text("completions", "Completions"),
    column.status(),
    durationColumn,
    column.list("images", "Images", { secondary: true }),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    const failed = findCondition(status, "Failed");
    const seconds = durationSeconds(status);
    return {
      completions: completions(spec, asNumber(status.succeeded) ?? 0),
      duration: seconds === null ? null : formatDuration(seconds),
      durationSeconds: seconds,
      images: containerCells(asRecord(asRecord(spec.template).spec)).images,
      outcome: jobOutcome(status),
      failedReason: capText(asString(failed?.reason), MAX_WORD),
      failedMessage: capText(asString(failed?.message), MAX_MESSAGE),
      active: asNumber(status.active) ?? 0,
      suspended: spec.suspend === true,
    };
  },
  status: (row): ResourceStatus => {
    const { outcome, failedReason, failedMessage, active, suspended } = row.cells;
    if (row.deleting) return { label: "Terminating", tone: "warn" };
    if (outcome === "Failed") {
      const reason = [failedReason, failedMessage].filter((part) => typeof part === "string").join(": ");
      return { label: "Failed", tone: "error", ...(reason && { reason }) };
    }
    if (outcome === "Complete") return { label: "Complete", tone: "ok" };
    if (suspended === true) return { label: "Suspended", tone: "muted" };
    if (typeof active === "number" && active > 0) return { label: "Running", tone: "ok" };
    return { label: "Pending", tone: "warn" };
  },
  actions: { ...editAndDelete, logs: "logs.view" },
});
