import { asNumber, asRecord, asRecords, capText } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";

export const controllerRevision = defineKind({
  kind: "ControllerRevision",
  group: "apps",
  plural: "controllerrevisions",
  category: "workloads",
  columns: [column.text("controller", "Controller"), column.number("revision", "Revision")],
  toCells: (object) => {
    const owner = asRecords(asRecord(object.metadata).ownerReferences).find((ref) => ref.controller === true);
    return {
      controller: owner ? capText(`${String(owner.kind).toLowerCase()}.apps/${String(owner.name)}`, 128) : null,
      revision: asNumber(object.revision) ?? 0,
    };
  },
  // Revisions are history written by their controller: a rollback goes through the workload.
  actions: { delete: "resources.delete" },
});
