import { asRecord, asRecords, asString, capList } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";

export const limitRange = defineKind({
  kind: "LimitRange",
  plural: "limitranges",
  category: "policy",
  columns: [column.list("types", "Applies to")],
  toCells: (object) => ({
    types: capList(asRecords(asRecord(object.spec).limits).map((limit) => asString(limit.type) ?? "")),
  }),
});
