import { asRecord, asRecords, asString, capList, capText } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { KubeObject } from "../types";

/** Shared by RoleBinding and ClusterRoleBinding: the role and who it is granted to, by kind. */
export function bindingCells(object: KubeObject) {
  const roleRef = asRecord(object.roleRef);
  const subjects = asRecords(object.subjects).slice(0, 500);
  const named = (kind: string) =>
    subjects.filter((subject) => subject.kind === kind).map((subject) => asString(subject.name) ?? "");
  const serviceAccounts = subjects
    .filter((subject) => subject.kind === "ServiceAccount")
    .map((subject) => `${asString(subject.namespace) ?? ""}/${asString(subject.name) ?? ""}`);
  return {
    role: capText(`${String(roleRef.kind)}/${String(roleRef.name)}`, 128),
    users: capList(named("User")),
    groups: capList(named("Group")),
    serviceAccounts: capList(serviceAccounts),
  };
}

export const bindingColumns = [
  column.text("role", "Role"),
  column.list("users", "Users"),
  column.list("groups", "Groups"),
  column.list("serviceAccounts", "Service accounts", { secondary: true }),
];

export const roleBinding = defineKind({
  kind: "RoleBinding",
  group: "rbac.authorization.k8s.io",
  plural: "rolebindings",
  category: "access",
  columns: bindingColumns,
  toCells: bindingCells,
});
