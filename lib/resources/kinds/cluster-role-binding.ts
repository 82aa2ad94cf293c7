import { defineKind } from "../define-kind";
import { bindingCells, bindingColumns } from "./role-binding";

export const clusterRoleBinding = defineKind({
  kind: "ClusterRoleBinding",
  group: "rbac.authorization.k8s.io",
  plural: "clusterrolebindings",
  namespaced: false,
  category: "access",
  columns: bindingColumns,
  toCells: bindingCells,
});
