/**
 * Scale, restart, pause, resume and set image (docs/operations.md): each a short body inside
 * runClusterAction, each carrying the object's resourceVersion so a change made meanwhile is a
 * 409 CONFLICT, never a silent overwrite. Viewers see the result through the shared watch.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { asRecord, asString } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { type ObjectTarget, type Operation, readInCluster, runClusterAction } from "./cluster-action";

/** The workload kinds of the REST routes (`:kind`), and the resource each names. */
export const WORKLOAD_KINDS = {
  deployments: "deployments.apps",
  statefulsets: "statefulsets.apps",
  daemonsets: "daemonsets.apps",
  replicasets: "replicasets.apps",
} as const;

export type WorkloadKind = keyof typeof WORKLOAD_KINDS;

/**
 * Another `:kind` is resolved like any resource name once the cluster is known (a foreign cluster
 * stays a plain 404), and then refused by its kind's actions ("ConfigMap objects cannot be scaled").
 */
export function workloadTarget(params: { id: string; kind: string; namespace: string; name: string }): ObjectTarget {
  return {
    clusterId: params.id,
    resource: WORKLOAD_KINDS[params.kind as WorkloadKind] ?? params.kind,
    namespace: params.namespace,
    name: params.name,
  };
}

const resourceVersion = z.string().min(1).max(64).optional();
export const MAX_REPLICAS = 10_000;

export const scaleInput = z.object({
  replicas: z.number().int().min(0).max(MAX_REPLICAS),
  resourceVersion,
  /** Scale even though a HorizontalPodAutoscaler owns the replica count (it will change it back). */
  confirmAutoscaler: z.boolean().optional(),
});
export const restartInput = z.object({ resourceVersion });
export const imageInput = z.object({
  container: z.string().min(1).max(63),
  image: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[^\s]+$/, "an image reference has no spaces"),
  resourceVersion,
});

type Scale = { metadata: { resourceVersion?: string }; spec?: { replicas?: number } };

export type ScaleResult = { replicas: number; before: number; resourceVersion: string; autoscaler: string | null };

export async function scaleWorkload(
  context: OrgContext,
  target: ObjectTarget,
  input: z.infer<typeof scaleInput>,
): Promise<ScaleResult> {
  const spec = {
    action: "scale",
    audit: "workload.scale",
    intent: `replicas →${input.replicas}`,
    verbs: ["get", "update"],
    subresource: "scale",
  } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    const scale = await operation.call<Scale>({ subpath: "scale" });
    const autoscaler = await findAutoscaler(operation);
    if (autoscaler && !input.confirmAutoscaler) {
      throw new AppError(
        "CONFLICT",
        `HorizontalPodAutoscaler ${autoscaler} owns the replica count and will change it back; confirm to scale anyway.`,
        "confirmAutoscaler",
      );
    }
    const before = scale.spec?.replicas ?? 0;
    const metadata = { ...scale.metadata, resourceVersion: input.resourceVersion ?? scale.metadata.resourceVersion };
    const updated = await operation.call<Scale>({
      subpath: "scale",
      method: "PUT",
      body: { ...scale, metadata, spec: { replicas: input.replicas } },
    });
    return {
      result: {
        replicas: updated.spec?.replicas ?? input.replicas,
        before,
        resourceVersion: updated.metadata.resourceVersion ?? "",
        autoscaler,
      },
      change: `replicas ${before}→${input.replicas}`,
    };
  });
}

/** The replica count as it stands, and the HPA that owns it, if any: what the scale dialog shows first. */
export async function describeScale(context: OrgContext, target: ObjectTarget) {
  return readInCluster(context, target, ["get"], async (operation) => {
    const scale = await operation.call<Scale>({ subpath: "scale" });
    return {
      replicas: scale.spec?.replicas ?? 0,
      resourceVersion: scale.metadata.resourceVersion ?? "",
      autoscaler: await findAutoscaler(operation),
    };
  });
}

/**
 * The HorizontalPodAutoscaler whose scaleTargetRef is this object (autoscaling/v1 is served by
 * every supported Kubernetes). Unknown (null) when the identity may not list them.
 */
async function findAutoscaler(operation: Operation): Promise<string | null> {
  const { namespace, name } = operation.target;
  if (!namespace) return null;
  try {
    const list = await operation.get<{ items?: KubeObject[] }>(
      `/apis/autoscaling/v1/namespaces/${namespace}/horizontalpodautoscalers?limit=500`,
    );
    const owner = (list.items ?? []).find((hpa) => {
      const ref = asRecord(asRecord(hpa.spec).scaleTargetRef);
      return ref.kind === operation.resource.definition.kind && ref.name === name;
    });
    return owner?.metadata?.name ?? null;
  } catch (error) {
    if (error instanceof AppError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND")) return null;
    throw error;
  }
}

/** `kubectl rollout restart`: a new restartedAt annotation on the pod template rolls every pod. */
export async function restartWorkload(context: OrgContext, target: ObjectTarget, input: z.infer<typeof restartInput>) {
  const spec = { action: "restart", audit: "workload.restart", intent: "restart", verbs: ["patch"] } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    // kubectl writes RFC 3339 without fractions; the same form keeps kubectl's view of it unchanged.
    const restartedAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const updated = await patch(operation, input.resourceVersion, {
      spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": restartedAt } } } },
    });
    return {
      result: { restartedAt, resourceVersion: updated.metadata?.resourceVersion ?? "" },
      change: `restartedAt ${restartedAt}`,
    };
  });
}

export async function setPaused(
  context: OrgContext,
  target: ObjectTarget,
  paused: boolean,
  input: z.infer<typeof restartInput>,
) {
  const spec = {
    action: paused ? "pause" : "resume",
    audit: paused ? "workload.pause" : "workload.resume",
    intent: paused ? "pause rollout" : "resume rollout",
    verbs: ["patch"],
  } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    const current = await operation.call();
    const before = asRecord(current.spec).paused === true;
    const updated = await patch(operation, input.resourceVersion ?? current.metadata?.resourceVersion, {
      spec: { paused },
    });
    return {
      result: { paused, resourceVersion: updated.metadata?.resourceVersion ?? "" },
      change: `paused ${before}→${paused}`,
    };
  });
}

/** `kubectl set image`: one container's image, by container name (init containers too). */
export async function setImage(context: OrgContext, target: ObjectTarget, input: z.infer<typeof imageInput>) {
  const spec = {
    action: "setImage",
    audit: "workload.set_image",
    intent: `image ${input.container} →${input.image}`,
    verbs: ["patch"],
  } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    const current = await operation.call();
    const podSpec = asRecord(asRecord(asRecord(current.spec).template).spec);
    const field = (["containers", "initContainers"] as const).find((list) =>
      containersOf(podSpec, list).some((container) => container.name === input.container),
    );
    if (!field) {
      const names = containersOf(podSpec, "containers").map((container) => container.name);
      throw new AppError(
        "INVALID_INPUT",
        `container: ${target.name} has no container "${input.container}" (it has ${names.join(", ") || "none"})`,
        "container",
      );
    }
    const before = containersOf(podSpec, field).find((container) => container.name === input.container)?.image;
    // A strategic merge patch merges containers by name: the others stay exactly as they are.
    const updated = await patch(
      operation,
      input.resourceVersion ?? current.metadata?.resourceVersion,
      { spec: { template: { spec: { [field]: [{ name: input.container, image: input.image }] } } } },
      "application/strategic-merge-patch+json",
    );
    return {
      result: {
        container: input.container,
        image: input.image,
        before: before ?? null,
        resourceVersion: updated.metadata?.resourceVersion ?? "",
      },
      change: `image ${input.container}: ${before ?? "?"}→${input.image}`,
    };
  });
}

function containersOf(podSpec: Record<string, unknown>, field: "containers" | "initContainers") {
  const list = podSpec[field];
  return (Array.isArray(list) ? list : []).map((container) => ({
    name: asString(asRecord(container).name) ?? "",
    image: asString(asRecord(container).image),
  }));
}

/**
 * A patch with the resourceVersion as its precondition: the apiserver answers 409 when the object
 * changed since that version (optimistic concurrency), which reaches the user as CONFLICT.
 */
function patch(
  operation: Operation,
  version: string | undefined,
  change: Record<string, unknown>,
  contentType = "application/merge-patch+json",
) {
  const body = version ? { ...change, metadata: { resourceVersion: version } } : change;
  return operation.call({ method: "PATCH", body, contentType });
}

/** Is the Deployment's rollout paused: the palette offers Pause or Resume by it. */
export async function describePaused(context: OrgContext, target: ObjectTarget): Promise<{ paused: boolean }> {
  return readInCluster(context, target, ["get"], async (operation) => ({
    paused: asRecord((await operation.call()).spec).paused === true,
  }));
}
