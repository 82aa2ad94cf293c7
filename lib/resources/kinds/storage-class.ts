import { asRecord, asString, capText } from "../cells";
import { column } from "../columns";
import { defineKind, presenceStatus } from "../define-kind";

const DEFAULT_ANNOTATIONS = [
  "storageclass.kubernetes.io/is-default-class",
  "storageclass.beta.kubernetes.io/is-default-class",
];

export const storageClass = defineKind({
  kind: "StorageClass",
  group: "storage.k8s.io",
  plural: "storageclasses",
  namespaced: false,
  category: "storage",
  columns: [
    column.text("provisioner", "Provisioner"),
    column.text("reclaimPolicy", "Reclaim policy"),
    column.text("volumeBindingMode", "Binding mode"),
    column.text("allowVolumeExpansion", "Expansion", { secondary: true }),
    column.status(),
  ],
  toCells: (object) => {
    const annotations = asRecord(asRecord(object.metadata).annotations);
    return {
      provisioner: capText(asString(object.provisioner), 96),
      // The API's defaults, which kubectl prints too when the fields are unset.
      reclaimPolicy: capText(asString(object.reclaimPolicy) ?? "Delete", 16),
      volumeBindingMode: capText(asString(object.volumeBindingMode) ?? "Immediate", 32),
      allowVolumeExpansion: object.allowVolumeExpansion === true ? "true" : "false",
      isDefault: DEFAULT_ANNOTATIONS.some((key) => annotations[key] === "true"),
    };
  },
  status: (row) =>
    row.cells.isDefault === true && !row.deleting ? { label: "Default", tone: "ok" } : presenceStatus(row),
});
