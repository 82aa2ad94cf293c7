import { asRecord, asString } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";

export const namespace = defineKind({
  kind: "Namespace",
  plural: "namespaces",
  namespaced: false,
  category: "cluster",
  columns: [column.status()],
  toCells: (object) => ({ phase: asString(asRecord(object.status).phase) ?? null }),
  status: (row) =>
    row.deleting || row.cells.phase === "Terminating"
      ? { label: "Terminating", tone: "warn" }
      : { label: typeof row.cells.phase === "string" ? row.cells.phase : "Active", tone: "ok" },
});
