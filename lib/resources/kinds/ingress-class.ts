import { asRecord, asString, capText } from "../cells";
import { column } from "../columns";
import { defineKind, presenceStatus } from "../define-kind";

export const ingressClass = defineKind({
  kind: "IngressClass",
  group: "networking.k8s.io",
  versions: ["v1", "v1beta1"],
  plural: "ingressclasses",
  namespaced: false,
  category: "network",
  columns: [column.text("controller", "Controller"), column.text("parameters", "Parameters"), column.status()],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const parameters = asRecord(spec.parameters);
    const group = asString(parameters.apiGroup);
    const annotations = asRecord(asRecord(object.metadata).annotations);
    return {
      controller: capText(asString(spec.controller), 96),
      parameters: parameters.kind
        ? capText(`${String(parameters.kind)}${group ? `.${group}` : ""}/${String(parameters.name)}`, 96)
        : null,
      isDefault: annotations["ingressclass.kubernetes.io/is-default-class"] === "true",
    };
  },
  status: (row) =>
    row.cells.isDefault === true && !row.deleting ? { label: "Default", tone: "ok" } : presenceStatus(row),
});
