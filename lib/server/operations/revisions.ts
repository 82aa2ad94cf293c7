/**
 * A workload's revisions (docs/operations.md, "Revisions"): a Deployment's ReplicaSets with their
 * `deployment.kubernetes.io/revision`, a StatefulSet's or DaemonSet's ControllerRevisions. Each
 * with its images, change-cause, age, the pods still running it and whether it is current; a diff
 * between any two; and a rollback to one, previewed by a server-side dry run, idempotent, and
 * refused with CONFLICT when the workload changed since the caller looked.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { diffTemplates, normalizeTemplate, sameTemplate, templateYamlDiff } from "@/lib/operations/template-diff";
import type { RevisionCard, RevisionDiff, RollbackResult } from "@/lib/operations/types";
import { asArray, asNumber, asRecord, asString } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { type ObjectTarget, type Operation, readInCluster, runClusterAction } from "./cluster-action";

/** Revisions shown at most; Kubernetes keeps 10 by default (revisionHistoryLimit). */
const MAX_REVISIONS = 100;
/** Owned objects and pods read per workload; a list answer is bounded in bytes too. */
const LIST_LIMIT = 500;
const LIST_MAX_BYTES = 16 * 1024 * 1024;

const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE = "kubernetes.io/change-cause";
/** The numbers a ReplicaSet had before a rollback renumbered it (set by the deployment controller). */
const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
/**
 * StatefulSet/DaemonSet controllers renumber the ControllerRevision a rollback restores but keep no
 * history of its old number, so Pilothouse records "number=name" pairs on the workload itself when
 * it rolls back (the ControllerRevision's name never changes). Metadata only: no rollout.
 */
export const ROLLBACK_HISTORY = "pilothouse.dev/rollback-history";
/** Pairs kept in ROLLBACK_HISTORY: bounded, and older numbers name pruned revisions anyway. */
const ROLLBACK_HISTORY_LIMIT = 20;

export const rollbackInput = z.object({
  toRevision: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  dryRun: z.boolean().optional(),
  /** The workload's resourceVersion the caller previewed; a different one now is a CONFLICT. */
  resourceVersion: z.string().min(1).max(64).optional(),
});

const diffQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

function parseDiffQuery(search: URLSearchParams): z.infer<typeof diffQuery> {
  const parsed = diffQuery.safeParse({ from: search.get("from") ?? undefined, to: search.get("to") ?? undefined });
  if (parsed.success) return parsed.data;
  const path = parsed.error.issues[0]?.path.join(".") || "from";
  throw new AppError("INVALID_INPUT", `${path}: a revision number`, path);
}

type Revision = RevisionCard & { template: Record<string, unknown> };
type Workload = { object: KubeObject; revisions: Revision[] };

export async function listRevisions(context: OrgContext, target: ObjectTarget): Promise<RevisionCard[]> {
  return readInCluster(context, target, ["get"], async (operation) => {
    const { revisions } = await readWorkload(operation);
    return revisions.map(({ template: _template, ...card }) => card);
  });
}

/** `?from=&to=`, checked once the cluster is known (a foreign cluster is a plain 404 whatever the query). */
export async function diffRevisions(
  context: OrgContext,
  target: ObjectTarget,
  search: URLSearchParams,
): Promise<RevisionDiff> {
  return readInCluster(context, target, ["get"], async (operation) => {
    const query = parseDiffQuery(search);
    const { revisions } = await readWorkload(operation);
    const from = findRevision(revisions, query.from, "from");
    const to = findRevision(revisions, query.to, "to");
    return {
      from: from.revision,
      to: to.revision,
      changes: diffTemplates(from.template, to.template),
      yaml: templateYamlDiff(`revision ${from.revision}`, from.template, `revision ${to.revision}`, to.template),
    };
  });
}

export async function rollbackWorkload(
  context: OrgContext,
  target: ObjectTarget,
  input: z.infer<typeof rollbackInput>,
): Promise<RollbackResult> {
  const spec = {
    action: "rollback",
    audit: "workload.rollback",
    intent: `revision →${input.toRevision}`,
    verbs: ["get", "update"],
    dryRun: input.dryRun === true,
  } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    const { object, revisions } = await readWorkload(operation);
    const wanted = findRevision(revisions, input.toRevision, "toRevision");
    const current = revisions.find((revision) => revision.current);
    const template = asRecord(asRecord(object.spec).template);
    const version = object.metadata?.resourceVersion ?? "";
    const base = {
      fromRevision: current?.revision ?? null,
      toRevision: wanted.revision,
      dryRun: input.dryRun === true,
    };
    // Already there (the same request twice, or a rollback to the current revision): no new rollout.
    if (sameTemplate(template, wanted.template)) {
      return {
        result: { ...base, changed: false, changes: [], resourceVersion: version },
        change: `revision ${wanted.revision} is already current; nothing changed`,
      };
    }
    if (input.resourceVersion && input.resourceVersion !== version) {
      throw new AppError(
        "CONFLICT",
        `${object.metadata?.name} changed since you looked at it (resourceVersion ${input.resourceVersion}, now ${version}). Review the revisions again.`,
        "resourceVersion",
      );
    }
    const restored = { ...normalizeTemplate(wanted.template) };
    const remembered =
      operation.resource.definition.kind === "Deployment" ? object : withRollbackHistory(object, wanted);
    const body = { ...remembered, spec: { ...asRecord(object.spec), template: restored } };
    const updated = await operation.call({ method: "PUT", body, dryRun: input.dryRun });
    const result = {
      ...base,
      changed: true,
      changes: diffTemplates(template, asRecord(updated.spec).template),
      resourceVersion: updated.metadata?.resourceVersion ?? version,
    };
    return { result, change: `revision ${current?.revision ?? "?"}→${wanted.revision}` };
  });
}

/**
 * A rollback renumbers the revision it restores (revision 1 becomes 3); its old number still
 * finds it (the Deployment's revision-history annotation, or ROLLBACK_HISTORY on a StatefulSet or
 * DaemonSet), so the same rollback request sent again finds the now-current revision and changes
 * nothing. A number no revision ever had is still a 404 naming the field.
 */
function findRevision(revisions: Revision[], wanted: number, field: string): Revision {
  const found =
    revisions.find((revision) => revision.revision === wanted) ??
    revisions.find((revision) => revision.formerRevisions.includes(wanted));
  if (found) return found;
  const known = revisions.map((revision) => revision.revision).join(", ") || "none";
  throw new AppError("NOT_FOUND", `${field}: there is no revision ${wanted} (revisions kept: ${known})`, field);
}

/** A StatefulSet/DaemonSet with "number=ControllerRevision name" of the rollback's target remembered. */
function withRollbackHistory(object: KubeObject, wanted: Revision): KubeObject {
  const pairs = rollbackHistory(object).filter(([revision]) => revision !== wanted.revision);
  pairs.push([wanted.revision, wanted.name]);
  const value = pairs
    .slice(-ROLLBACK_HISTORY_LIMIT)
    .map(([revision, name]) => `${revision}=${name}`)
    .join(",");
  const metadata = object.metadata ?? {};
  return { ...object, metadata: { ...metadata, annotations: { ...metadata.annotations, [ROLLBACK_HISTORY]: value } } };
}

/** The pairs a workload's ROLLBACK_HISTORY annotation holds; anything malformed is ignored. */
function rollbackHistory(object: KubeObject): [number, string][] {
  const raw = String(object.metadata?.annotations?.[ROLLBACK_HISTORY] ?? "");
  return raw
    .split(",")
    .slice(0, ROLLBACK_HISTORY_LIMIT * 2)
    .flatMap((pair): [number, string][] => {
      const [revision, name] = pair.split("=");
      const number = Number(revision);
      return Number.isInteger(number) && number > 0 && name ? [[number, name]] : [];
    });
}

async function readWorkload(operation: Operation): Promise<Workload> {
  const object = await operation.call();
  const kind = operation.resource.definition.kind;
  if (kind === "Deployment") return { object, revisions: await deploymentRevisions(operation, object) };
  if (kind === "StatefulSet" || kind === "DaemonSet") {
    return { object, revisions: await controllerRevisions(operation, object) };
  }
  throw new AppError("INVALID_INPUT", `${kind} objects have no revisions to roll back to`, "kind");
}

async function deploymentRevisions(operation: Operation, deployment: KubeObject): Promise<Revision[]> {
  const replicaSets = await ownedBy(operation, deployment, "replicasets");
  const currentRevision = asString(deployment.metadata?.annotations?.[REVISION_ANNOTATION]);
  return limitAndSort(
    replicaSets.map((replicaSet) => {
      const revision = Number(replicaSet.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0);
      const template = asRecord(asRecord(replicaSet.spec).template);
      const former = String(replicaSet.metadata?.annotations?.[REVISION_HISTORY] ?? "");
      return card(replicaSet, revision, template, asNumber(asRecord(replicaSet.status).replicas) ?? 0, {
        current: String(revision) === currentRevision,
        formerRevisions: former
          .split(",")
          .map(Number)
          .filter((value) => Number.isInteger(value) && value > 0),
      });
    }),
  );
}

async function controllerRevisions(operation: Operation, workload: KubeObject): Promise<Revision[]> {
  const [owned, pods] = await Promise.all([
    ownedBy(operation, workload, "controllerrevisions"),
    podsOf(operation, workload),
  ]);
  const status = asRecord(workload.status);
  const history = rollbackHistory(workload);
  const highest = Math.max(0, ...owned.map((revision) => asNumber(revision.revision) ?? 0));
  return limitAndSort(
    owned.map((controllerRevision) => {
      const name = controllerRevision.metadata?.name ?? "";
      const hash = controllerRevision.metadata?.labels?.["controller-revision-hash"];
      const running = pods.filter((pod) => {
        const podHash = pod.metadata?.labels?.["controller-revision-hash"];
        return podHash !== undefined && (podHash === name || podHash === hash);
      }).length;
      const revision = asNumber(controllerRevision.revision) ?? 0;
      const template = asRecord(asRecord(asRecord(controllerRevision.data).spec).template);
      // A StatefulSet names its update revision; a DaemonSet's newest revision is the one it rolls out.
      const current = status.updateRevision !== undefined ? status.updateRevision === name : revision === highest;
      // Numbers this revision had before a rollback restored (and so renumbered) it.
      const formerRevisions = history.flatMap(([number, owner]) =>
        owner === name && number < revision ? [number] : [],
      );
      return card(controllerRevision, revision, template, running, { current, formerRevisions });
    }),
  );
}

function card(
  owner: KubeObject,
  revision: number,
  template: Record<string, unknown>,
  pods: number,
  { current, formerRevisions }: { current: boolean; formerRevisions: number[] },
): Revision {
  const containers = asArray(asRecord(template.spec).containers).map(asRecord);
  return {
    revision,
    name: owner.metadata?.name ?? "",
    images: containers.map((container) => ({
      container: asString(container.name) ?? "",
      image: asString(container.image) ?? "",
    })),
    changeCause:
      asString(owner.metadata?.annotations?.[CHANGE_CAUSE]) ??
      asString(asRecord(asRecord(template.metadata).annotations)[CHANGE_CAUSE]) ??
      null,
    created: owner.metadata?.creationTimestamp ?? null,
    pods,
    current,
    formerRevisions,
    template,
  };
}

function limitAndSort(revisions: Revision[]): Revision[] {
  return revisions
    .filter((revision) => revision.revision > 0)
    .sort((a, b) => b.revision - a.revision)
    .slice(0, MAX_REVISIONS);
}

/** The apps/v1 objects of `plural` in the workload's namespace that the workload owns (by uid). */
async function ownedBy(operation: Operation, workload: KubeObject, plural: string): Promise<KubeObject[]> {
  const resource = await operation.resolve(`${plural}.apps`);
  await operation.require(["list"], resource);
  const list = await operation.get<{ items?: KubeObject[] }>(
    `/apis/apps/v1/namespaces/${operation.target.namespace}/${plural}?${selectorQuery(workload)}limit=${LIST_LIMIT}`,
    LIST_MAX_BYTES,
  );
  const uid = workload.metadata?.uid;
  return (list.items ?? []).filter((item) =>
    (item.metadata?.ownerReferences ?? []).some((reference) => reference.uid === uid),
  );
}

async function podsOf(operation: Operation, workload: KubeObject): Promise<KubeObject[]> {
  const pods = await operation.resolve("pods");
  await operation.require(["list"], pods);
  const list = await operation.get<{ items?: KubeObject[] }>(
    `/api/v1/namespaces/${operation.target.namespace}/pods?${selectorQuery(workload)}limit=${LIST_LIMIT}`,
    LIST_MAX_BYTES,
  );
  const uid = workload.metadata?.uid;
  return (list.items ?? []).filter((pod) =>
    (pod.metadata?.ownerReferences ?? []).some((reference) => reference.uid === uid),
  );
}

/** The workload's matchLabels as a label selector (narrows the list); ownership is checked by uid anyway. */
function selectorQuery(workload: KubeObject): string {
  const matchLabels = asRecord(asRecord(asRecord(workload.spec).selector).matchLabels);
  const selector = Object.entries(matchLabels)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(",");
  return selector ? `labelSelector=${encodeURIComponent(selector)}&` : "";
}
