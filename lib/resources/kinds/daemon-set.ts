import { asNumber, asRecord, containerCells, formatLabels } from "../cells";
import { column } from "../columns";
import { defineKind, editAndDelete } from "../define-kind";
import { generationObserved, workloadStatus } from "../workload-status";

export const daemonSet = defineKind({
  kind: "DaemonSet",
  group: "apps",
  plural: "daemonsets",
  category: "workloads",
  columns: [
    column.number("desired", "Desired"),
    column.number("current", "Current"),
    column.number("ready", "Ready"),
    column.status(),
    column.number("upToDate", "Up-to-date"),
    column.number("available", "Available"),
    column.text("nodeSelector", "Node selector", { secondary: true }),
    column.list("images", "Images", { secondary: true }),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    const podSpec = asRecord(asRecord(spec.template).spec);
    const desired = asNumber(status.desiredNumberScheduled) ?? 0;
    const updated = asNumber(status.updatedNumberScheduled) ?? 0;
    return {
      desired,
      current: asNumber(status.currentNumberScheduled) ?? 0,
      ready: asNumber(status.numberReady) ?? 0,
      upToDate: updated,
      available: asNumber(status.numberAvailable) ?? 0,
      nodeSelector: formatLabels(podSpec.nodeSelector),
      images: containerCells(podSpec).images,
      rollingOut: !generationObserved(object) || updated < desired,
    };
  },
  status: (row) => workloadStatus(row, "No nodes"),
  actions: {
    ...editAndDelete,
    restart: "resources.restart",
    rollback: "resources.rollback",
    setImage: "resources.edit",
    logs: "logs.view",
  },
});
