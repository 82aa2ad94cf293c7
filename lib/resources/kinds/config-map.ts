import { asRecord, capList } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";

export const configMap = defineKind({
  kind: "ConfigMap",
  plural: "configmaps",
  category: "config",
  columns: [column.number("data", "Data"), column.list("keys", "Keys", { secondary: true })],
  toCells: (object) => {
    const keys = [...Object.keys(asRecord(object.data)), ...Object.keys(asRecord(object.binaryData))];
    return { data: keys.length, keys: capList(keys), immutable: object.immutable === true };
  },
});
