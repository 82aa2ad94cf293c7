import { asArray, asRecord, asString, capText, containerCells } from "../cells";
import { column, timeValue } from "../columns";
import { defineKind, editAndDelete } from "../define-kind";
import type { ResourceStatus } from "../types";

export const cronJob = defineKind({
  kind: "CronJob",
  group: "batch",
  versions: ["v1", "v1beta1"],
  plural: "cronjobs",
  category: "workloads",
  columns: [
    column.text("schedule", "Schedule"),
    column.status(),
    column.number("active", "Active"),
    column.age("lastSchedule", "Last schedule"),
    column.text("timeZone", "Time zone", { secondary: true }),
    column.list("images", "Images", { secondary: true }),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    const jobSpec = asRecord(asRecord(spec.jobTemplate).spec);
    return {
      schedule: capText(asString(spec.schedule), 64),
      timeZone: capText(asString(spec.timeZone), 64),
      suspended: spec.suspend === true,
      active: asArray(status.active).length,
      lastSchedule: asString(status.lastScheduleTime) ?? null,
      // batch/v1 only (Kubernetes 1.21+); without it a failed last run cannot be told apart.
      lastSuccess: asString(status.lastSuccessfulTime) ?? null,
      images: containerCells(asRecord(asRecord(jobSpec.template).spec)).images,
    };
  },
  status: (row): ResourceStatus => {
    const { suspended, active, lastSchedule, lastSuccess } = row.cells;
    if (row.deleting) return { label: "Terminating", tone: "warn" };
    if (suspended === true) return { label: "Suspended", tone: "muted" };
    if (typeof active === "number" && active > 0) return { label: "Running", tone: "ok" };
    const scheduled = timeValue(lastSchedule);
    const succeeded = timeValue(lastSuccess);
    if (scheduled !== null && succeeded !== null && scheduled > succeeded)
      return { label: "Last run failed", tone: "warn", reason: "the last scheduled job did not succeed" };
    return { label: "Scheduled", tone: "ok" };
  },
  // pause/resume set spec.suspend; like every spec change they are edits.
  actions: { ...editAndDelete, pause: "resources.edit", resume: "resources.edit" },
});
