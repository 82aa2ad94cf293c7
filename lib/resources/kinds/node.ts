import {
  asArray,
  asRecord,
  asRecords,
  asString,
  capList,
  capText,
  findCondition,
  MAX_MESSAGE,
  MAX_WORD,
} from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { ResourceStatus } from "../types";

const ROLE_PREFIX = "node-role.kubernetes.io/";
/** Conditions that are bad when True (the Ready condition is bad when not True). */
const PRESSURES = ["MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"];

/** ROLES as kubectl finds them: node-role.kubernetes.io/<role> labels and kubernetes.io/role. */
function nodeRoles(labels: Record<string, unknown>): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) roles.add(key.slice(ROLE_PREFIX.length));
    else if (key === "kubernetes.io/role" && typeof value === "string" && value) roles.add(value);
  }
  return [...roles].sort();
}

/** STATUS as kubectl prints it: Ready / NotReady / Unknown, then ",SchedulingDisabled". */
function nodeStatusText(object: Record<string, unknown>): string {
  const ready = findCondition(object.status, "Ready");
  const parts = [!ready ? "Unknown" : ready.status === "True" ? "Ready" : "NotReady"];
  if (asRecord(object.spec).unschedulable === true) parts.push("SchedulingDisabled");
  return parts.join(",");
}

function address(status: Record<string, unknown>, type: string): string | null {
  const found = asRecords(status.addresses).find((entry) => entry.type === type);
  return capText(asString(found?.address), 64);
}

export const node = defineKind({
  kind: "Node",
  plural: "nodes",
  namespaced: false,
  category: "cluster",
  columns: [
    column.status(),
    column.list("roles", "Roles"),
    column.text("version", "Version"),
    column.quantity("cpu", "CPU"),
    column.quantity("memory", "Memory"),
    column.number("taints", "Taints", { secondary: true }),
    column.text("internalIP", "Internal IP", { secondary: true }),
    column.text("osImage", "OS image", { secondary: true }),
    column.text("containerRuntime", "Runtime", { secondary: true }),
  ],
  toCells: (object) => {
    const status = asRecord(object.status);
    const info = asRecord(status.nodeInfo);
    const allocatable = asRecord(status.allocatable);
    const pressures = PRESSURES.filter((type) => findCondition(status, type)?.status === "True");
    return {
      status: nodeStatusText(object),
      readyMessage: capText(asString(findCondition(status, "Ready")?.message), MAX_MESSAGE),
      pressures,
      roles: capList(nodeRoles(asRecord(asRecord(object.metadata).labels))),
      version: capText(asString(info.kubeletVersion), MAX_WORD),
      cpu: capText(asString(allocatable.cpu), 16),
      memory: capText(asString(allocatable.memory), 16),
      taints: asArray(asRecord(object.spec).taints).length,
      internalIP: address(status, "InternalIP"),
      osImage: capText(asString(info.osImage), MAX_WORD),
      containerRuntime: capText(asString(info.containerRuntimeVersion), MAX_WORD),
    };
  },
  status: (row): ResourceStatus => {
    const label = typeof row.cells.status === "string" ? row.cells.status : "Unknown";
    const message = typeof row.cells.readyMessage === "string" ? row.cells.readyMessage : undefined;
    const pressures = Array.isArray(row.cells.pressures) ? row.cells.pressures : [];
    if (!label.startsWith("Ready")) return { label, tone: "error", ...(message && { reason: message }) };
    if (pressures.length > 0) return { label, tone: "warn", reason: pressures.join(", ") };
    if (label.includes("SchedulingDisabled")) return { label, tone: "warn", reason: "cordoned: no new pods" };
    return { label, tone: "ok" };
  },
});
