/**
 * What is removed from every object before it is shown (docs/security.md): managedFields (noise,
 * often larger than the object) and the last-applied-configuration annotation (a full copy of
 * the applied manifest, which for a Secret holds its values). Kinds that hold secrets redact more.
 */
import type { KindDefinition, KubeObject, ObjectMeta } from "./types";

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

export function stripMetadata(metadata: ObjectMeta | undefined): ObjectMeta {
  if (!metadata || typeof metadata !== "object") return {};
  const { managedFields: _managedFields, annotations, ...rest } = metadata;
  if (!annotations || typeof annotations !== "object") return rest;
  const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...kept } = annotations;
  return Object.keys(kept).length > 0 ? { ...rest, annotations: kept } : rest;
}

/**
 * The full object as a response may carry it: redacted by its kind, then stripped. Pure; the
 * input is not modified. Note for editors: the annotation is gone, so write back with a patch,
 * never by replacing the object with what was shown.
 */
export function stripForDisplay(definition: Pick<KindDefinition, "redact">, object: KubeObject): KubeObject {
  const redacted = definition.redact ? definition.redact(object) : object;
  return { ...redacted, metadata: stripMetadata(redacted.metadata) };
}
