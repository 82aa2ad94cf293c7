import { asNumber, asRecord, asString, containerCells, ratio } from "../cells";
import { column } from "../columns";
import { defineKind, editAndDelete } from "../define-kind";
import { generationObserved, workloadStatus } from "../workload-status";

export const statefulSet = defineKind({
  kind: "StatefulSet",
  group: "apps",
  plural: "statefulsets",
  category: "workloads",
  columns: [
    column.ratio("ready", "Ready"),
    column.status(),
    column.number("upToDate", "Up-to-date"),
    column.list("images", "Images", { secondary: true }),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    const desired = asNumber(spec.replicas) ?? 1;
    const ready = asNumber(status.readyReplicas) ?? 0;
    const updated = asNumber(status.updatedReplicas) ?? 0;
    // A rolling update runs while pods still carry the old revision (kubectl rollout status).
    const revisionPending = asString(status.updateRevision) !== asString(status.currentRevision);
    return {
      ready: ratio(ready, desired),
      upToDate: updated,
      images: containerCells(asRecord(spec.template).spec).images,
      desired,
      available: ready,
      rollingOut: !generationObserved(object) || revisionPending || (asNumber(status.replicas) ?? 0) !== desired,
    };
  },
  status: (row) => workloadStatus(row),
  actions: {
    ...editAndDelete,
    scale: "resources.scale",
    restart: "resources.restart",
    rollback: "resources.rollback",
    setImage: "resources.edit",
    logs: "logs.view",
  },
});
