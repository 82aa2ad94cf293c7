import { asArray } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";

export const serviceAccount = defineKind({
  kind: "ServiceAccount",
  plural: "serviceaccounts",
  category: "access",
  columns: [column.number("secrets", "Secrets"), column.text("automount", "Automount token", { secondary: true })],
  toCells: (object) => ({
    secrets: asArray(object.secrets).length,
    automount:
      typeof object.automountServiceAccountToken === "boolean" ? String(object.automountServiceAccountToken) : null,
  }),
});
