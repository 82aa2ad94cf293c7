import { asNumber, asRecord, capText } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { ResourceStatus } from "../types";

/** minAvailable / maxUnavailable are int-or-string ("50%"). */
function intOrString(value: unknown): string | null {
  return typeof value === "number" || typeof value === "string" ? capText(String(value), 16) : null;
}

export const podDisruptionBudget = defineKind({
  kind: "PodDisruptionBudget",
  group: "policy",
  versions: ["v1", "v1beta1"],
  plural: "poddisruptionbudgets",
  category: "policy",
  columns: [
    column.text("minAvailable", "Min available"),
    column.text("maxUnavailable", "Max unavailable"),
    column.number("allowedDisruptions", "Allowed disruptions"),
    column.status(),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    return {
      minAvailable: intOrString(spec.minAvailable),
      maxUnavailable: intOrString(spec.maxUnavailable),
      allowedDisruptions: asNumber(status.disruptionsAllowed) ?? 0,
      currentHealthy: asNumber(status.currentHealthy) ?? 0,
      desiredHealthy: asNumber(status.desiredHealthy) ?? 0,
      expectedPods: asNumber(status.expectedPods) ?? 0,
    };
  },
  status: (row): ResourceStatus => {
    const { allowedDisruptions, currentHealthy, desiredHealthy, expectedPods } = row.cells;
    if (row.deleting) return { label: "Terminating", tone: "warn" };
    if (expectedPods === 0) return { label: "No pods", tone: "muted", reason: "the selector matches no pods" };
    if (typeof currentHealthy === "number" && typeof desiredHealthy === "number" && currentHealthy < desiredHealthy)
      return { label: "Below minimum", tone: "error", reason: `${currentHealthy}/${desiredHealthy} healthy` };
    // Node drains wait on a budget that allows nothing.
    if (allowedDisruptions === 0) return { label: "Blocking", tone: "warn", reason: "no pod may be evicted now" };
    return { label: "Healthy", tone: "ok" };
  },
});
