import { asRecord, capList, capText } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import { parseQuantity } from "../quantity";
import type { ResourceStatus } from "../types";

/** REQUEST and LIMIT as kubectl prints them ("pods: 3/30"), and which resources are used up. */
function quotaCells(object: Record<string, unknown>) {
  const status = asRecord(object.status);
  const hard = asRecord(status.hard ?? asRecord(object.spec).hard);
  const used = asRecord(status.used);
  const requests: string[] = [];
  const limits: string[] = [];
  const full: string[] = [];
  for (const name of Object.keys(hard).sort().slice(0, 50)) {
    const entry = `${name}: ${String(used[name] ?? 0)}/${String(hard[name])}`;
    (name.startsWith("limits") ? limits : requests).push(entry);
    const limit = parseQuantity(hard[name]);
    const usage = parseQuantity(used[name] ?? "0");
    // A hard limit of 0 forbids on purpose; only a limit that was reached is news.
    if (limit !== null && usage !== null && limit > 0 && usage >= limit) full.push(name);
  }
  return { request: capText(requests.join(", ")), limit: capText(limits.join(", ")), full: capList(full, 4, 48) };
}

export const resourceQuota = defineKind({
  kind: "ResourceQuota",
  plural: "resourcequotas",
  category: "policy",
  columns: [column.text("request", "Request"), column.text("limit", "Limit"), column.status()],
  toCells: quotaCells,
  status: (row): ResourceStatus => {
    if (row.deleting) return { label: "Terminating", tone: "warn" };
    const full = Array.isArray(row.cells.full) ? row.cells.full : [];
    return full.length > 0
      ? { label: "At limit", tone: "warn", reason: `used up: ${full.join(", ")}` }
      : { label: "Within limits", tone: "ok" };
  },
});
