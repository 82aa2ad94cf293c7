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

export const customResourceDefinition = defineKind({
  kind: "CustomResourceDefinition",
  group: "apiextensions.k8s.io",
  versions: ["v1", "v1beta1"],
  plural: "customresourcedefinitions",
  namespaced: false,
  category: "custom",
  columns: [
    column.text("group", "Group"),
    column.text("kind", "Kind"),
    column.list("versions", "Versions"),
    column.text("scope", "Scope"),
    column.status(),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    // apiextensions/v1 lists versions; v1beta1 may have only the single `version` field.
    const served = asRecords(spec.versions)
      .filter((version) => version.served !== false)
      .map((version) => asString(version.name) ?? "");
    const names = served.length > 0 ? served : asArray<string>([spec.version]).filter((v) => typeof v === "string");
    const established = findCondition(status, "Established");
    const accepted = findCondition(status, "NamesAccepted");
    return {
      group: capText(asString(spec.group), 96),
      kind: capText(asString(asRecord(spec.names).kind), MAX_WORD),
      versions: capList(names, 4, 24),
      scope: capText(asString(spec.scope), 16),
      established: established?.status ?? null,
      namesAccepted: accepted?.status ?? null,
      conditionMessage: capText(accepted?.status === "False" ? accepted.message : established?.message, MAX_MESSAGE),
    };
  },
  status: (row): ResourceStatus => {
    const { established, namesAccepted, conditionMessage } = row.cells;
    const reason = typeof conditionMessage === "string" ? { reason: conditionMessage } : {};
    if (row.deleting) return { label: "Terminating", tone: "warn" };
    if (namesAccepted === "False") return { label: "Names conflict", tone: "error", ...reason };
    if (established === "True") return { label: "Established", tone: "ok" };
    return { label: "Not established", tone: "warn", ...reason };
  },
});
