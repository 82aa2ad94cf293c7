import { asNumber, asRecord, containerCells, formatSelector } from "../cells";
import { column } from "../columns";
import { defineKind, editAndDelete } from "../define-kind";
import { generationObserved, workloadStatus } from "../workload-status";

export const replicaSet = defineKind({
  kind: "ReplicaSet",
  group: "apps",
  plural: "replicasets",
  category: "workloads",
  columns: [
    column.number("desired", "Desired"),
    column.number("current", "Current"),
    column.number("ready", "Ready"),
    column.status(),
    column.list("images", "Images", { secondary: true }),
    column.text("selector", "Selector", { secondary: true }),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    const desired = asNumber(spec.replicas) ?? 1;
    const current = asNumber(status.replicas) ?? 0;
    return {
      desired,
      current,
      ready: asNumber(status.readyReplicas) ?? 0,
      available: asNumber(status.availableReplicas) ?? 0,
      images: containerCells(asRecord(spec.template).spec).images,
      selector: formatSelector(spec.selector),
      rollingOut: !generationObserved(object) || current !== desired,
      // The Deployment's revision this ReplicaSet holds: the highest is the rollout's new one.
      revision: Number(object.metadata?.annotations?.["deployment.kubernetes.io/revision"]) || 0,
    };
  },
  status: (row) => workloadStatus(row),
  actions: { ...editAndDelete, scale: "resources.scale", logs: "logs.view" },
});
