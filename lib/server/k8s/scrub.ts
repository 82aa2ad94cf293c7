import { stripForDisplay } from "@/lib/resources/strip";
import type { KubeObject } from "@/lib/resources/types";
import type { WatchedResource } from "./resource-path";

/**
 * A full object as the hub hands it out (docs/security.md): the kind's redact(), then
 * stripForDisplay's removal of managedFields and the last-applied annotation. A Secret loses
 * `data` and `stringData` here too, whatever its kind definition says, because a definition
 * missing its redact() must not be enough to leak a value.
 */
export function scrubObject(
  object: KubeObject,
  resource: WatchedResource,
  redact?: (object: KubeObject) => KubeObject,
): KubeObject {
  const shown = stripForDisplay({ redact }, object);
  if (!isSecret(resource)) return shown;
  const { data: _data, stringData: _stringData, ...withoutValues } = shown;
  return withoutValues;
}

function isSecret(resource: WatchedResource): boolean {
  return resource.group === "" && resource.plural === "secrets";
}
