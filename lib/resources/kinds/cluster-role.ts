import { column } from "../columns";
import { defineKind } from "../define-kind";
import { ruleCells } from "./role";

export const clusterRole = defineKind({
  kind: "ClusterRole",
  group: "rbac.authorization.k8s.io",
  plural: "clusterroles",
  namespaced: false,
  category: "access",
  columns: [
    column.number("rules", "Rules"),
    column.list("resources", "Resources"),
    column.text("aggregated", "Aggregated", { secondary: true }),
  ],
  // An aggregated role's rules are filled in by the controller from the roles it selects.
  toCells: (object) => ({ ...ruleCells(object), aggregated: object.aggregationRule ? "true" : "false" }),
});
