import { asRecord, asString, capText, MAX_WORD } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import { accessModes, volumePhaseStatus } from "./persistent-volume";

export const persistentVolumeClaim = defineKind({
  kind: "PersistentVolumeClaim",
  plural: "persistentvolumeclaims",
  category: "storage",
  columns: [
    column.status(),
    column.text("volume", "Volume"),
    column.quantity("capacity", "Capacity"),
    column.text("accessModes", "Access modes"),
    column.text("storageClass", "Storage class"),
    column.text("volumeMode", "Volume mode", { secondary: true }),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    const bound = typeof spec.volumeName === "string" && spec.volumeName !== "";
    return {
      phase: capText(asString(status.phase), 16),
      volume: capText(asString(spec.volumeName), MAX_WORD),
      // Like kubectl: capacity and access modes are the volume's, so only once bound.
      capacity: bound ? capText(asString(asRecord(status.capacity).storage), 16) : null,
      accessModes: bound ? accessModes(status.accessModes) : null,
      storageClass: capText(
        asString(spec.storageClassName) ??
          asString(asRecord(asRecord(object.metadata).annotations)["volume.beta.kubernetes.io/storage-class"]),
        MAX_WORD,
      ),
      volumeMode: capText(asString(spec.volumeMode), 16),
    };
  },
  status: volumePhaseStatus,
});
