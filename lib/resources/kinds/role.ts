import { asArray, asRecords, capList } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { KubeObject } from "../types";

/** Shared by Role and ClusterRole: how many rules, and which resources they name. */
export function ruleCells(object: KubeObject) {
  const rules = asRecords(object.rules);
  const resources = new Set<string>();
  for (const rule of rules.slice(0, 200)) {
    for (const resource of asArray(rule.resources).slice(0, 50))
      if (typeof resource === "string") resources.add(resource);
    for (const url of asArray(rule.nonResourceURLs).slice(0, 50)) if (typeof url === "string") resources.add(url);
  }
  return { rules: rules.length, resources: capList([...resources], 4, 48) };
}

export const role = defineKind({
  kind: "Role",
  group: "rbac.authorization.k8s.io",
  plural: "roles",
  category: "access",
  columns: [column.number("rules", "Rules"), column.list("resources", "Resources")],
  toCells: ruleCells,
});
