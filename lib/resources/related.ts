/**
 * The objects an object points at or gathers, worked out from the object alone (pure, isomorphic):
 * what a Pod mounts and where it runs, what an Ingress routes to, what an HPA scales, and the
 * label selectors that find a workload's ReplicaSets and Pods or a Service's EndpointSlices and
 * Pods. The detail page turns references into links and selectors into live lists
 * (docs/resource-views.md, "Related objects").
 */
import { asArray, asRecord, asRecords, asString } from "./cells";
import { groupOf, resourceForKind } from "./links";
import type { KubeObject, ResourceName } from "./types";

/** A named object this one refers to. `namespace` unset: cluster-scoped. */
export type ObjectReference = {
  relation: string;
  resource: ResourceName;
  kind: string;
  namespace?: string;
  name: string;
};

/** Objects found by a label selector in the object's namespace; `ownerUid` narrows to those it controls. */
export type SelectorQuery = {
  relation: string;
  resource: ResourceName;
  kind: string;
  labelSelector: string;
  ownerUid?: string;
};

/** A bound on what one object may make us link: a hostile spec with 10k volumes shows 100. */
export const MAX_REFERENCES = 100;

/** The controlling owner (`controller: true`), the one an owner chain follows. */
export function controllerOf(object: KubeObject): ObjectReference | undefined {
  const owners = object.metadata?.ownerReferences ?? [];
  const owner = owners.find((candidate) => candidate.controller) ?? owners[0];
  if (!owner?.kind || !owner.name) return undefined;
  const namespace = object.metadata?.namespace;
  const resource = resourceForKind(owner.kind, groupOf(owner.apiVersion));
  return { relation: "Owner", resource, kind: owner.kind, ...(namespace && { namespace }), name: owner.name };
}

/** What the object names outright, by kind. */
export function referencesOf(kind: string, object: KubeObject): ObjectReference[] {
  const namespace = object.metadata?.namespace;
  const found = kind === "Pod" ? podReferences(object) : kind === "Ingress" ? ingressReferences(object) : [];
  if (kind === "HorizontalPodAutoscaler") found.push(...scaleTarget(object));
  const unique = new Map<string, ObjectReference>();
  for (const reference of found) {
    const placed = reference.resource === "nodes" ? reference : { ...reference, ...(namespace && { namespace }) };
    unique.set(`${placed.resource}/${placed.name}`, placed);
  }
  return [...unique.values()].slice(0, MAX_REFERENCES);
}

function podReferences(pod: KubeObject): ObjectReference[] {
  const spec = asRecord(pod.spec);
  const found: ObjectReference[] = [];
  const add = (relation: string, resource: ResourceName, kind: string, name: unknown) => {
    if (typeof name === "string" && name) found.push({ relation, resource, kind, name });
  };
  add("Runs on", "nodes", "Node", spec.nodeName);
  add("Service account", "serviceaccounts", "ServiceAccount", spec.serviceAccountName);
  for (const volume of asRecords(spec.volumes)) {
    add("Mounts", "configmaps", "ConfigMap", asRecord(volume.configMap).name);
    add("Mounts", "secrets", "Secret", asRecord(volume.secret).secretName);
    add("Mounts", "persistentvolumeclaims", "PersistentVolumeClaim", asRecord(volume.persistentVolumeClaim).claimName);
    for (const source of asRecords(asRecord(volume.projected).sources)) {
      add("Mounts", "configmaps", "ConfigMap", asRecord(source.configMap).name);
      add("Mounts", "secrets", "Secret", asRecord(source.secret).name);
    }
  }
  const containers = [...asRecords(spec.initContainers), ...asRecords(spec.containers)];
  for (const container of containers) {
    for (const from of asRecords(container.envFrom)) {
      add("Environment", "configmaps", "ConfigMap", asRecord(from.configMapRef).name);
      add("Environment", "secrets", "Secret", asRecord(from.secretRef).name);
    }
    for (const variable of asRecords(container.env)) {
      const valueFrom = asRecord(variable.valueFrom);
      add("Environment", "configmaps", "ConfigMap", asRecord(valueFrom.configMapKeyRef).name);
      add("Environment", "secrets", "Secret", asRecord(valueFrom.secretKeyRef).name);
    }
  }
  for (const pullSecret of asRecords(spec.imagePullSecrets)) add("Image pull", "secrets", "Secret", pullSecret.name);
  return found;
}

function ingressReferences(ingress: KubeObject): ObjectReference[] {
  const spec = asRecord(ingress.spec);
  const backends = [asRecord(spec.defaultBackend ?? spec.backend)];
  for (const rule of asRecords(spec.rules)) {
    for (const path of asRecords(asRecord(rule.http).paths)) backends.push(asRecord(path.backend));
  }
  const names = backends.map((backend) => asString(asRecord(backend.service).name) ?? asString(backend.serviceName));
  const found = names
    .filter((name): name is string => !!name)
    .map((name) => ({ relation: "Routes to", resource: "services", kind: "Service", name }));
  for (const tls of asRecords(spec.tls)) {
    const secretName = asString(tls.secretName);
    if (secretName) found.push({ relation: "TLS certificate", resource: "secrets", kind: "Secret", name: secretName });
  }
  return found;
}

function scaleTarget(hpa: KubeObject): ObjectReference[] {
  const target = asRecord(asRecord(hpa.spec).scaleTargetRef);
  const kind = asString(target.kind);
  const name = asString(target.name);
  if (!kind || !name) return [];
  return [{ relation: "Scales", resource: resourceForKind(kind, groupOf(asString(target.apiVersion))), kind, name }];
}

/** The lists an object gathers by label: a Deployment's ReplicaSets and Pods, a Service's EndpointSlices and Pods. */
export function selectorQueriesOf(
  kind: string,
  object: KubeObject,
  endpointSliceResource: ResourceName,
): SelectorQuery[] {
  const spec = asRecord(object.spec);
  const uid = object.metadata?.uid;
  const name = object.metadata?.name;
  if (kind === "Service") {
    const queries: SelectorQuery[] = [];
    if (name) {
      const labelSelector = `kubernetes.io/service-name=${name}`;
      queries.push({ relation: "Endpoints", resource: endpointSliceResource, kind: "EndpointSlice", labelSelector });
    }
    const selector = selectorText({ matchLabels: spec.selector });
    if (selector) queries.push({ relation: "Selects", resource: "pods", kind: "Pod", labelSelector: selector });
    return queries;
  }
  const selector = selectorText(spec.selector);
  if (!selector) return [];
  const owned = (relation: string, resource: ResourceName, childKind: string): SelectorQuery => ({
    relation,
    resource,
    kind: childKind,
    labelSelector: selector,
    ...(uid && { ownerUid: uid }),
  });
  if (kind === "Deployment") {
    // Pods belong to the ReplicaSets, not to the Deployment: select them by label alone.
    return [
      owned("ReplicaSets", "replicasets.apps", "ReplicaSet"),
      { relation: "Pods", resource: "pods", kind: "Pod", labelSelector: selector },
    ];
  }
  if (["ReplicaSet", "StatefulSet", "DaemonSet", "Job"].includes(kind)) return [owned("Pods", "pods", "Pod")];
  return [];
}

/**
 * A LabelSelector object as the selector text the API takes (uncapped, unlike the list cell).
 * Empty when it selects nothing expressible (no labels: we never list a whole namespace as "related").
 */
export function selectorText(selector: unknown): string {
  const { matchLabels, matchExpressions } = asRecord(selector);
  const parts = Object.entries(asRecord(matchLabels)).map(([key, value]) => `${key}=${String(value)}`);
  for (const expression of asRecords(matchExpressions)) {
    const key = asString(expression.key);
    const values = asArray<string>(expression.values).join(",");
    if (!key) continue;
    if (expression.operator === "In") parts.push(`${key} in (${values})`);
    else if (expression.operator === "NotIn") parts.push(`${key} notin (${values})`);
    else if (expression.operator === "Exists") parts.push(key);
    else if (expression.operator === "DoesNotExist") parts.push(`!${key}`);
  }
  return parts.join(",");
}
