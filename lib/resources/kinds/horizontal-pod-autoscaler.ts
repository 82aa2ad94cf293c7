import { asNumber, asRecord, asRecords, asString, capText, type Condition, findCondition, MAX_MESSAGE } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { ResourceStatus } from "../types";

type Metric = Record<string, unknown>;

const SOURCES = ["resource", "containerResource", "pods", "object", "external"] as const;

function text(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? value : null;
}

/**
 * One "current/target" pair of TARGETS as kubectl prints it ("cpu: 45%/70%"), for
 * autoscaling/v2 and v2beta2 (target/current objects) and v2beta1 (targetAverage… fields).
 */
function formatMetric(spec: Metric, status: Metric | undefined): string {
  const source = SOURCES.find((key) => spec[key]) ?? "resource";
  const wanted = asRecord(spec[source]);
  const seen = asRecord(status?.[source]);
  const target = asRecord(wanted.target);
  const current = asRecord(seen.current);
  const name = source === "resource" || source === "containerResource" ? `${String(wanted.name)}: ` : "";
  const utilization = text(target.averageUtilization) ?? text(wanted.targetAverageUtilization);
  if (utilization !== null) {
    const now = text(current.averageUtilization) ?? text(seen.currentAverageUtilization);
    return `${name}${now !== null ? `${now}%` : "<unknown>"}/${utilization}%`;
  }
  const average = text(target.averageValue) ?? text(wanted.targetAverageValue);
  const now =
    text(average !== null ? current.averageValue : current.value) ??
    text(average !== null ? seen.currentAverageValue : seen.currentValue) ??
    "<unknown>";
  const goal = average ?? text(target.value) ?? text(wanted.targetValue) ?? "<auto>";
  return `${name}${now}/${goal}${average !== null && (source === "object" || source === "external") ? " (avg)" : ""}`;
}

/** TARGETS: at most two metrics then "+ N more...", like kubectl; autoscaling/v1 has a CPU figure only. */
function formatTargets(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const metrics = asRecords(spec.metrics);
  if (metrics.length === 0) {
    const target = asNumber(spec.targetCPUUtilizationPercentage);
    if (target === undefined) return "<none>";
    const current = asNumber(status.currentCPUUtilizationPercentage);
    return `cpu: ${current !== undefined ? `${current}%` : "<unknown>"}/${target}%`;
  }
  const currents = asRecords(status.currentMetrics);
  const shown = metrics.slice(0, 2).map((metric, index) => formatMetric(metric, currents[index]));
  return metrics.length > 2 ? `${shown.join(", ")} + ${metrics.length - 2} more...` : shown.join(", ");
}

/** autoscaling/v1 keeps its conditions in an annotation, as JSON. */
function conditions(object: Record<string, unknown>): Record<string, unknown> {
  const status = asRecord(object.status);
  if (status.conditions) return status;
  const annotation = asRecord(asRecord(object.metadata).annotations)["autoscaling.alpha.kubernetes.io/conditions"];
  if (typeof annotation !== "string" || annotation.length > 16_384) return status;
  try {
    return { conditions: JSON.parse(annotation) as unknown };
  } catch {
    return status;
  }
}

function conditionCells(condition: Condition | undefined): [string | null, string | null] {
  return condition
    ? [asString(condition.status) ?? null, capText(condition.message ?? condition.reason, MAX_MESSAGE)]
    : [null, null];
}

export const horizontalPodAutoscaler = defineKind({
  kind: "HorizontalPodAutoscaler",
  group: "autoscaling",
  versions: ["v2", "v2beta2", "v2beta1", "v1"],
  plural: "horizontalpodautoscalers",
  category: "config",
  columns: [
    column.text("reference", "Reference"),
    column.text("targets", "Targets"),
    column.number("minPods", "Min pods"),
    column.number("maxPods", "Max pods"),
    column.number("replicas", "Replicas"),
    column.status(),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    const ref = asRecord(spec.scaleTargetRef);
    const withConditions = conditions(object);
    const [ableToScale, ableMessage] = conditionCells(findCondition(withConditions, "AbleToScale"));
    const active = findCondition(withConditions, "ScalingActive");
    const [scalingActive, activeMessage] = conditionCells(active);
    const [limited, limitedMessage] = conditionCells(findCondition(withConditions, "ScalingLimited"));
    return {
      reference: capText(`${String(ref.kind)}/${String(ref.name)}`, 128),
      targets: capText(formatTargets(spec, status), 120),
      minPods: asNumber(spec.minReplicas) ?? 1,
      maxPods: asNumber(spec.maxReplicas) ?? null,
      replicas: asNumber(status.currentReplicas) ?? 0,
      ableToScale,
      ableMessage,
      scalingActive,
      activeReason: capText(asString(active?.reason), 48),
      activeMessage,
      limited,
      limitedMessage,
    };
  },
  status: (row): ResourceStatus => {
    const { ableToScale, ableMessage, scalingActive, activeReason, activeMessage, limited, limitedMessage } = row.cells;
    const reason = (message: unknown) => (typeof message === "string" ? { reason: message } : {});
    if (row.deleting) return { label: "Terminating", tone: "warn" };
    if (ableToScale === "False") return { label: "Unable to scale", tone: "error", ...reason(ableMessage) };
    if (scalingActive === "False" && activeReason === "ScalingDisabled")
      return { label: "Scaling disabled", tone: "muted", ...reason(activeMessage) };
    if (scalingActive === "False") return { label: "Not scaling", tone: "warn", ...reason(activeMessage) };
    if (limited === "True") return { label: "At limit", tone: "info", ...reason(limitedMessage) };
    return { label: "Active", tone: "ok" };
  },
});
