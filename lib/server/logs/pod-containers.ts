import { AppError } from "@/lib/errors";
import type { PodContainerInfo } from "@/lib/logs/log-view";
import { asRecord, asRecords, asString } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";
import type { ClusterConnection } from "../k8s/connection";
import { callCluster, type Impersonation } from "../k8s/request";
import { objectPath } from "../k8s/resource-path";

/** kubectl's annotation naming the container `kubectl logs` reads when none is given. */
const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";
const POD_MAX_BYTES = 2 * 1024 * 1024;
/** Names listed in an error: enough to pick from, bounded whatever the pod holds. */
const NAMES_IN_MESSAGE = 20;

/** Every container of a pod that can have logs: init, regular and ephemeral, in that order. */
export function containerNames(pod: KubeObject): string[] {
  const spec = asRecord(pod.spec);
  return [spec.initContainers, spec.containers, spec.ephemeralContainers]
    .flatMap((list) => asRecords(list))
    .map((container) => asString(container.name))
    .filter((name): name is string => !!name);
}

/** The container a log is read from: the one asked for (it must exist), else kubectl's default. */
export function pickContainer(pod: KubeObject, asked?: string): string {
  const names = containerNames(pod);
  const podName = asString(asRecord(pod.metadata).name) ?? "";
  if (asked !== undefined) {
    if (names.includes(asked)) return asked;
    throw new AppError(
      "INVALID_INPUT",
      `container: pod ${podName} has no container "${asked.slice(0, 63)}" (it has ${names.slice(0, NAMES_IN_MESSAGE).join(", ")})`,
      "container",
    );
  }
  const annotated = asString(asRecord(asRecord(pod.metadata).annotations)[DEFAULT_CONTAINER_ANNOTATION]);
  const regular = asRecords(asRecord(pod.spec).containers)
    .map((container) => asString(container.name))
    .filter((name): name is string => !!name);
  const chosen = annotated && names.includes(annotated) ? annotated : regular[0];
  if (!chosen) throw new AppError("NOT_FOUND", `Pod ${podName} has no containers`);
  return chosen;
}

/** Read the pod as the acting identity and pick its container. */
export async function resolveContainer(
  connection: ClusterConnection,
  impersonate: Impersonation | undefined,
  namespace: string,
  pod: string,
  asked?: string,
): Promise<string> {
  return pickContainer(await readPod(connection, impersonate, namespace, pod), asked);
}

export function readPod(
  connection: ClusterConnection,
  impersonate: Impersonation | undefined,
  namespace: string,
  pod: string,
): Promise<KubeObject> {
  return callCluster<KubeObject>(connection, {
    path: objectPath({ group: "", version: "v1", plural: "pods", namespaced: true }, pod, namespace),
    impersonate,
    maxBytes: POD_MAX_BYTES,
  });
}

/**
 * One entry of the log viewer's container picker: state as the kubelet last reported (unknown
 * before it did), the waiting/terminated reason, whether a previous instance's log exists, and
 * whether it is the container `kubectl logs` reads when none is named.
 */
export type PodContainer = PodContainerInfo;
type ContainerKind = PodContainerInfo["kind"];

const STATUS_FIELDS: Record<ContainerKind, [spec: string, status: string]> = {
  init: ["initContainers", "initContainerStatuses"],
  regular: ["containers", "containerStatuses"],
  ephemeral: ["ephemeralContainers", "ephemeralContainerStatuses"],
};

/** Every container of a pod with its state, init first, then regular, then ephemeral (at most MAX_CONTAINERS). */
export function podContainers(pod: KubeObject): PodContainer[] {
  const spec = asRecord(pod.spec);
  const status = asRecord(pod.status);
  const chosen = safeDefault(pod);
  const out: PodContainer[] = [];
  for (const kind of ["init", "regular", "ephemeral"] as const) {
    const [specField, statusField] = STATUS_FIELDS[kind];
    const statuses = new Map(asRecords(status[statusField]).map((one) => [asString(one.name), one]));
    for (const container of asRecords(spec[specField]).slice(0, MAX_CONTAINERS)) {
      const name = asString(container.name);
      if (!name) continue;
      out.push({
        name,
        kind,
        image: asString(container.image) ?? "",
        ...stateOf(statuses.get(name)),
        default: name === chosen,
      });
    }
  }
  return out.slice(0, MAX_CONTAINERS);
}

const MAX_CONTAINERS = 100;

function safeDefault(pod: KubeObject): string | undefined {
  try {
    return pickContainer(pod);
  } catch {
    return undefined;
  }
}

function stateOf(status: Record<string, unknown> | undefined) {
  const state = asRecord(status?.state);
  const [name, detail] = (["running", "waiting", "terminated"] as const)
    .map((key) => [key, state[key]] as const)
    .find(([, value]) => value !== undefined) ?? ["unknown", undefined];
  const restartCount = typeof status?.restartCount === "number" ? status.restartCount : 0;
  return {
    state: name,
    reason: asString(asRecord(detail).reason) ?? null,
    ready: status?.ready === true,
    restartCount,
    hasPrevious: restartCount > 0 || asRecord(status?.lastState).terminated !== undefined,
  };
}
