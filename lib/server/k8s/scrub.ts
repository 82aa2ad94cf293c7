import type { KubeObject } from "@/lib/resources/types";
import type { WatchedResource } from "./resource-path";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * What no view may ever receive, whatever a kind's own redact() remembers (docs/realtime.md,
 * "Secrets"): Secret values, the last-applied annotation (which repeats them) and managedFields.
 * Applied to every object before it is projected or handed out; returns a new object.
 */
export function scrubObject(
  object: KubeObject,
  resource: WatchedResource,
  redact?: (object: KubeObject) => KubeObject,
): KubeObject {
  const { managedFields: _managedFields, annotations, ...metadata } = object.metadata ?? {};
  const scrubbed: KubeObject = { ...object, metadata: { ...metadata } };
  if (annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...kept } = annotations;
    scrubbed.metadata!.annotations = kept;
  }
  if (isSecret(resource)) {
    delete scrubbed.data;
    delete scrubbed.stringData;
  }
  return redact ? redact(scrubbed) : scrubbed;
}

function isSecret(resource: WatchedResource): boolean {
  return resource.group === "" && resource.plural === "secrets";
}
