import { asArray, asRecord, asString, capText, MAX_MESSAGE, MAX_WORD } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { ResourceRow, ResourceStatus, Tone } from "../types";

const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: "RWO",
  ReadOnlyMany: "ROX",
  ReadWriteMany: "RWX",
  ReadWriteOncePod: "RWOP",
};

/** ACCESS MODES as kubectl abbreviates them: "RWO,RWX". */
export function accessModes(modes: unknown): string | null {
  const short = asArray(modes)
    .slice(0, 4)
    .map((mode) => (typeof mode === "string" ? (ACCESS_MODES[mode] ?? mode.slice(0, 16)) : ""));
  return short.length > 0 ? short.join(",") : null;
}

const PHASE_TONES: Record<string, Tone> = {
  Bound: "ok",
  Available: "ok",
  Pending: "warn",
  Released: "warn",
  Lost: "error",
  Failed: "error",
};

/** Shared by PersistentVolume and PersistentVolumeClaim: their phase, Terminating once deleted. */
export function volumePhaseStatus(row: Omit<ResourceRow, "status">): ResourceStatus {
  if (row.deleting) return { label: "Terminating", tone: "warn" };
  const phase = typeof row.cells.phase === "string" ? row.cells.phase : "Pending";
  const message = typeof row.cells.message === "string" ? row.cells.message : undefined;
  return { label: phase, tone: PHASE_TONES[phase] ?? "warn", ...(message && { reason: message }) };
}

export const persistentVolume = defineKind({
  kind: "PersistentVolume",
  plural: "persistentvolumes",
  namespaced: false,
  category: "storage",
  columns: [
    column.quantity("capacity", "Capacity"),
    column.text("accessModes", "Access modes"),
    column.text("reclaimPolicy", "Reclaim policy"),
    column.status(),
    column.text("claim", "Claim"),
    column.text("storageClass", "Storage class"),
    column.text("volumeMode", "Volume mode", { secondary: true }),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const status = asRecord(object.status);
    const claim = asRecord(spec.claimRef);
    return {
      capacity: capText(asString(asRecord(spec.capacity).storage), 16),
      accessModes: accessModes(spec.accessModes),
      reclaimPolicy: capText(asString(spec.persistentVolumeReclaimPolicy), 16),
      phase: capText(asString(status.phase), 16),
      message: capText(asString(status.message) ?? asString(status.reason), MAX_MESSAGE),
      claim: claim.name ? capText(`${String(claim.namespace)}/${String(claim.name)}`, 128) : null,
      storageClass: capText(asString(spec.storageClassName), MAX_WORD),
      volumeMode: capText(asString(spec.volumeMode), 16),
    };
  },
  status: volumePhaseStatus,
});
