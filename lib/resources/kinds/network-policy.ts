import { asArray, asRecord, capList, formatSelector } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";

export const networkPolicy = defineKind({
  kind: "NetworkPolicy",
  group: "networking.k8s.io",
  plural: "networkpolicies",
  category: "network",
  columns: [column.text("podSelector", "Pod selector"), column.list("policyTypes", "Policy types")],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    return {
      // An empty selector selects every pod of the namespace; kubectl prints <none>.
      podSelector: formatSelector(spec.podSelector),
      policyTypes: capList(asArray(spec.policyTypes).filter((type): type is string => typeof type === "string")),
    };
  },
});
