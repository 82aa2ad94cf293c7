/**
 * Every Kubernetes kind Pilothouse knows, one line each (docs/kinds.md). Navigation, route
 * validation, columns, allowed actions and watchable resources all derive from this list; a
 * unit test fails when a file under kinds/ is missing from it. Custom resources are not listed:
 * their definitions are built from their CRDs at run time (custom.ts).
 */
import { clusterRole } from "./kinds/cluster-role";
import { clusterRoleBinding } from "./kinds/cluster-role-binding";
import { configMap } from "./kinds/config-map";
import { controllerRevision } from "./kinds/controller-revision";
import { cronJob } from "./kinds/cron-job";
import { customResourceDefinition } from "./kinds/custom-resource-definition";
import { daemonSet } from "./kinds/daemon-set";
import { deployment } from "./kinds/deployment";
import { endpointSlice } from "./kinds/endpoint-slice";
import { endpoints } from "./kinds/endpoints";
import { event } from "./kinds/event";
import { horizontalPodAutoscaler } from "./kinds/horizontal-pod-autoscaler";
import { ingress } from "./kinds/ingress";
import { ingressClass } from "./kinds/ingress-class";
import { job } from "./kinds/job";
import { limitRange } from "./kinds/limit-range";
import { namespace } from "./kinds/namespace";
import { networkPolicy } from "./kinds/network-policy";
import { node } from "./kinds/node";
import { persistentVolume } from "./kinds/persistent-volume";
import { persistentVolumeClaim } from "./kinds/persistent-volume-claim";
import { pod } from "./kinds/pod";
import { podDisruptionBudget } from "./kinds/pod-disruption-budget";
import { priorityClass } from "./kinds/priority-class";
import { replicaSet } from "./kinds/replica-set";
import { resourceQuota } from "./kinds/resource-quota";
import { role } from "./kinds/role";
import { roleBinding } from "./kinds/role-binding";
import { secret } from "./kinds/secret";
import { service } from "./kinds/service";
import { serviceAccount } from "./kinds/service-account";
import { statefulSet } from "./kinds/stateful-set";
import { storageClass } from "./kinds/storage-class";
import type { KindDefinition, ResourceName } from "./types";

/** In navigation order: cluster, workloads, network, config, storage, access, policy, custom. */
export const KINDS: readonly KindDefinition[] = Object.freeze([
  namespace,
  node,
  event,
  pod,
  deployment,
  replicaSet,
  statefulSet,
  daemonSet,
  job,
  cronJob,
  controllerRevision,
  service,
  endpoints,
  endpointSlice,
  ingress,
  ingressClass,
  networkPolicy,
  configMap,
  secret,
  horizontalPodAutoscaler,
  persistentVolumeClaim,
  persistentVolume,
  storageClass,
  serviceAccount,
  role,
  roleBinding,
  clusterRole,
  clusterRoleBinding,
  resourceQuota,
  limitRange,
  podDisruptionBudget,
  priorityClass,
  customResourceDefinition,
]);

/** The name a resource goes by, as kubectl spells it: `pods`, `deployments.apps`. */
export function resourceName(group: string, plural: string): ResourceName {
  return group === "" ? plural : `${plural}.${group}`;
}

const BY_NAME = new Map(KINDS.map((kind) => [resourceName(kind.group, kind.plural), kind]));

/** The built-in kind a resource name stands for, if Pilothouse knows it. */
export function findKind(name: ResourceName): KindDefinition | undefined {
  return BY_NAME.get(name);
}
