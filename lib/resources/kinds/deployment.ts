import {
  asNumber,
  asRecord,
  capText,
  containerCells,
  findCondition,
  formatSelector,
  MAX_MESSAGE,
  ratio,
} from "../cells";
import { column } from "../columns";
import { defineKind, editAndDelete } from "../define-kind";
import { generationObserved, workloadStatus } from "../workload-status";

/** Where a Deployment's rollout stands, as `kubectl rollout status` judges it. */
function rolloutFacts(object: Record<string, unknown>) {
  const spec = asRecord(object.spec);
  const status = asRecord(object.status);
  const desired = asNumber(spec.replicas) ?? 1;
  const updated = asNumber(status.updatedReplicas) ?? 0;
  const available = asNumber(status.availableReplicas) ?? 0;
  const total = asNumber(status.replicas) ?? 0;
  const progressing = findCondition(status, "Progressing");
  // Once the controller has said NewReplicaSetAvailable, missing pods are a degradation, not a rollout.
  const finished = progressing?.reason === "NewReplicaSetAvailable";
  const rollingOut =
    !generationObserved(object) || updated < desired || total > updated || (available < updated && !finished);
  const stuck =
    progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded"
      ? (capText(progressing.message, MAX_MESSAGE) ?? "ProgressDeadlineExceeded")
      : null;
  return { desired, updated, available, rollingOut, stuck, paused: spec.paused === true };
}

export const deployment = defineKind({
  kind: "Deployment",
  group: "apps",
  plural: "deployments",
  category: "workloads",
  columns: [
    column.ratio("ready", "Ready"),
    column.status(),
    column.number("upToDate", "Up-to-date"),
    column.number("available", "Available"),
    column.list("images", "Images", { secondary: true }),
    column.text("selector", "Selector", { secondary: true }),
  ],
  toCells: (object) => {
    const facts = rolloutFacts(object);
    const status = asRecord(object.status);
    return {
      ready: ratio(asNumber(status.readyReplicas) ?? 0, facts.desired),
      upToDate: facts.updated,
      available: facts.available,
      images: containerCells(asRecord(asRecord(object.spec).template).spec).images,
      selector: formatSelector(asRecord(object.spec).selector),
      desired: facts.desired,
      rollingOut: facts.rollingOut,
      paused: facts.paused,
      stuck: facts.stuck,
    };
  },
  status: (row) => workloadStatus(row),
  actions: {
    ...editAndDelete,
    scale: "resources.scale",
    restart: "resources.restart",
    rollback: "resources.rollback",
    // Pausing, resuming and setting an image are edits of the spec.
    pause: "resources.edit",
    resume: "resources.edit",
    setImage: "resources.edit",
    logs: "logs.view",
  },
});
