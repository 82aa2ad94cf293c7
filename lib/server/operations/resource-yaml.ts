/**
 * YAML edit, create and delete for any kind (docs/operations.md, "YAML"): the update carries the
 * resourceVersion the editor started from (a newer object is a 409 CONFLICT, never overwritten),
 * a dry run answers what the apiserver would store and the diff to it, and every answer is
 * redacted as the object views are. Secrets are written through their own typed route: their
 * YAML never holds values here, so an update from it would wipe them.
 */
import { createTwoFilesPatch } from "diff";
import { parseDocument, stringify } from "yaml";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createNamespace, manifestNames } from "@/lib/operations/create-template";
import type { YamlResult } from "@/lib/operations/types";
import { LAST_APPLIED_ANNOTATION, stripForDisplay } from "@/lib/resources/strip";
import type { KubeObject } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { scrubObject } from "../k8s/scrub";
import { type ObjectTarget, type Operation, runClusterAction } from "./cluster-action";

/** A manifest is one object; etcd holds at most 1.5 MiB of it. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export const manifestInput = z.object({ yaml: z.string().min(1).max(MAX_MANIFEST_BYTES) });
const deleteQuery = z.object({ resourceVersion: z.string().min(1).max(64).optional() });

/** `?resourceVersion=` of a delete: the version the caller saw, as the delete's precondition. */
export function deleteQueryFrom(search: URLSearchParams): z.infer<typeof deleteQuery> {
  const parsed = deleteQuery.safeParse({ resourceVersion: search.get("resourceVersion") ?? undefined });
  if (!parsed.success) throw new AppError("INVALID_INPUT", "resourceVersion: 1 to 64 characters", "resourceVersion");
  return parsed.data;
}

export function resourceTarget(params: { id: string; resource: string; namespace: string; name: string }) {
  return {
    clusterId: params.id,
    resource: params.resource,
    ...(params.namespace !== "_" && { namespace: params.namespace }),
    name: params.name,
  };
}

export async function updateFromYaml(
  context: OrgContext,
  target: ObjectTarget,
  input: z.infer<typeof manifestInput>,
  dryRun: boolean,
): Promise<YamlResult> {
  const spec = {
    action: "edit",
    audit: "resource.update",
    intent: "update from YAML",
    verbs: ["update"],
    dryRun,
  } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    const manifest = parseManifest(input.yaml, operation);
    const version = manifest.metadata?.resourceVersion;
    if (!version) {
      throw new AppError(
        "INVALID_INPUT",
        "metadata.resourceVersion: keep the resourceVersion you edited, so a newer version is never overwritten",
        "metadata.resourceVersion",
      );
    }
    const live = await operation.call();
    const saved = await operation.call({ method: "PUT", body: keepLastApplied(manifest, live), dryRun });
    const before = shown(operation, live);
    const after = shown(operation, saved);
    return {
      result: { object: after, diff: yamlDiff(before, after), dryRun },
      change: `resourceVersion ${version}→${saved.metadata?.resourceVersion ?? "?"}`,
    };
  });
}

export async function createFromYaml(
  context: OrgContext,
  target: ObjectTarget,
  input: z.infer<typeof manifestInput>,
  dryRun: boolean,
): Promise<YamlResult> {
  const spec = {
    action: "edit",
    audit: "resource.create",
    intent: "create from YAML",
    verbs: ["create"],
    dryRun,
  } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    const manifest = parseManifest(input.yaml, operation);
    delete manifest.metadata!.resourceVersion;
    const saved = await operation
      .call({ collection: true, method: "POST", body: manifest, dryRun })
      .catch((error: unknown) => {
        throw alreadyExists(error, operation);
      });
    return { result: { object: shown(operation, saved), diff: "", dryRun }, change: "created" };
  });
}

/**
 * Create from the dialog: the object's name comes from the manifest, its namespace from the
 * picker, and the two places a namespace can be said (picker, `metadata.namespace`) must agree.
 */
export async function createInCluster(
  context: OrgContext,
  where: { clusterId: string; resource: string; namespace?: string },
  input: z.infer<typeof manifestInput>,
  dryRun: boolean,
): Promise<YamlResult> {
  readManifest(input.yaml);
  const names = manifestNames(input.yaml) ?? {};
  if (!names.name) throw new AppError("INVALID_INPUT", "metadata.name: give the object a name", "metadata.name");
  const target = { clusterId: where.clusterId, resource: where.resource, name: names.name };
  if (where.namespace === undefined && names.namespace === undefined)
    return createFromYaml(context, target, input, dryRun);
  const placed = createNamespace(true, where.namespace, names.namespace);
  if ("problem" in placed) throw new AppError("INVALID_INPUT", placed.problem.message, placed.problem.path);
  return createFromYaml(context, { ...target, namespace: placed.namespace }, input, dryRun);
}

/** A create's 409 is the apiserver's AlreadyExists: said about the field that collides. */
function alreadyExists(error: unknown, operation: Operation): unknown {
  if (!(error instanceof AppError) || error.code !== "CONFLICT") return error;
  const { target, resource } = operation;
  const where = target.namespace ? ` in namespace ${target.namespace}` : "";
  return new AppError(
    "CONFLICT",
    `metadata.name: a ${resource.definition.kind} named ${target.name} already exists${where}`,
    "metadata.name",
  );
}

export async function deleteObject(
  context: OrgContext,
  target: ObjectTarget,
  query: z.infer<typeof deleteQuery>,
  dryRun: boolean,
): Promise<YamlResult> {
  const spec = { action: "delete", audit: "resource.delete", intent: "delete", verbs: ["delete"], dryRun } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    // With a body, the apiserver reads DeleteOptions from it alone: dryRun must be there, not only in the query.
    const body = {
      apiVersion: "v1",
      kind: "DeleteOptions",
      ...(dryRun && { dryRun: ["All"] }),
      ...(query.resourceVersion && { preconditions: { resourceVersion: query.resourceVersion } }),
    };
    const answer = await operation.call<KubeObject>({ method: "DELETE", body, dryRun });
    // The apiserver answers the object (being deleted) or a Status; either is shown redacted.
    const object = answer?.kind === "Status" ? {} : shown(operation, answer);
    return { result: { object, diff: "", dryRun }, change: "deleted" };
  });
}

/** The manifest as an object, checked against the path: same kind, name and namespace; never a Secret. */
function parseManifest(text: string, operation: Operation): KubeObject {
  refuseSecretYaml(operation);
  const manifest = readManifest(text);
  const { target, resource } = operation;
  if (manifest.kind !== resource.definition.kind) {
    throw new AppError(
      "INVALID_INPUT",
      `kind: expected ${resource.definition.kind}, found ${String(manifest.kind)}`,
      "kind",
    );
  }
  const metadata = (manifest.metadata ??= {});
  if (metadata.name !== target.name) {
    throw new AppError("INVALID_INPUT", `metadata.name: expected ${target.name}`, "metadata.name");
  }
  if (resource.namespaced) {
    if (metadata.namespace !== undefined && metadata.namespace !== target.namespace) {
      throw new AppError("INVALID_INPUT", `metadata.namespace: expected ${target.namespace}`, "metadata.namespace");
    }
    metadata.namespace = target.namespace;
  }
  return manifest;
}

/**
 * The editor never sees kubectl's last-applied annotation (it is stripped from every view), so an
 * update keeps the live one as `kubectl edit` does; otherwise the next `kubectl apply` would lose
 * its three-way merge base.
 */
function keepLastApplied(manifest: KubeObject, live: KubeObject): KubeObject {
  const lastApplied = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (lastApplied === undefined || manifest.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined) {
    return manifest;
  }
  const annotations = { ...manifest.metadata?.annotations, [LAST_APPLIED_ANNOTATION]: lastApplied };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}

/** One mapping, parsed with its problems named by line (the parser's "at line 3, column 5"). */
function readManifest(text: string): KubeObject {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new AppError("INVALID_INPUT", `yaml: ${document.errors[0]!.message.split("\n")[0]}`, "yaml");
  }
  // A bounded alias expansion: a "billion laughs" manifest is refused, not expanded.
  let manifest: KubeObject | null;
  try {
    manifest = document.toJS({ maxAliasCount: 100 }) as KubeObject | null;
  } catch {
    throw new AppError("INVALID_INPUT", "yaml: too many aliases", "yaml");
  }
  if (!manifest || typeof manifest !== "object" || Array.isArray(manifest)) {
    throw new AppError("INVALID_INPUT", "yaml: the manifest must be one object", "yaml");
  }
  return manifest;
}

function refuseSecretYaml(operation: Operation) {
  if (operation.resource.group === "" && operation.resource.plural === "secrets") {
    throw new AppError(
      "INVALID_INPUT",
      "kind: Secrets are written through their form (PUT /api/v1/clusters/:id/secrets/:namespace/:name), where values stay hidden",
      "kind",
    );
  }
}

function shown(operation: Operation, object: KubeObject): KubeObject {
  return scrubObject(object, operation.resource, operation.resource.definition.redact);
}

/** The live object and the answer as YAML, without what changes on every write. */
export function yamlDiff(before: KubeObject, after: KubeObject): string {
  const text = (object: KubeObject) => {
    const { metadata, ...rest } = stripForDisplay({}, object);
    const { resourceVersion: _version, generation: _generation, ...kept } = metadata ?? {};
    return stringify({ ...rest, metadata: kept }, { lineWidth: 0 });
  };
  return createTwoFilesPatch("live", "after", text(before), text(after), undefined, undefined, { context: 3 });
}
