import { asNumber, asString, capText } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";

export const priorityClass = defineKind({
  kind: "PriorityClass",
  group: "scheduling.k8s.io",
  plural: "priorityclasses",
  namespaced: false,
  category: "policy",
  columns: [
    column.number("value", "Value"),
    column.text("globalDefault", "Global default"),
    column.text("preemptionPolicy", "Preemption", { secondary: true }),
  ],
  toCells: (object) => ({
    value: asNumber(object.value) ?? 0,
    globalDefault: object.globalDefault === true ? "true" : "false",
    preemptionPolicy: capText(asString(object.preemptionPolicy) ?? "PreemptLowerPriority", 32),
  }),
});
