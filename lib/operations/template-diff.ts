/**
 * What changes between two pod templates (two revisions of a workload), as a structured summary
 * for people — images, env, resources, probes, volumes, command/args — and as a YAML diff of the
 * whole template. Pure and isomorphic. Env backed by a Secret shows the reference, never a value
 * (a template holds none; the reference is all there is to show).
 */
import { createTwoFilesPatch } from "diff";
import { stringify } from "yaml";
import { asArray, asRecord, asString } from "@/lib/resources/cells";

export type TemplateChangeArea =
  "container" | "image" | "env" | "resources" | "probes" | "volumes" | "command" | "args";

export type TemplateChange = {
  area: TemplateChangeArea;
  /** The container it concerns; absent for pod-level areas (volumes). */
  container?: string;
  /** The env variable, probe or volume name. */
  item?: string;
  before: string | null;
  after: string | null;
};

/** The pod template of a revision, without the label the controller adds to tell revisions apart. */
export function normalizeTemplate(template: unknown): Record<string, unknown> {
  const copy = structuredClone(asRecord(template));
  const metadata = asRecord(copy.metadata);
  const labels = { ...asRecord(metadata.labels) };
  delete labels["pod-template-hash"];
  delete labels["controller-revision-hash"];
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  else delete metadata.labels;
  delete metadata.creationTimestamp;
  copy.metadata = metadata;
  delete copy.$patch;
  return copy;
}

/** Same template? Key order does not matter; list order does (as it does to Kubernetes). */
export function sameTemplate(a: unknown, b: unknown): boolean {
  return canonical(normalizeTemplate(a)) === canonical(normalizeTemplate(b));
}

export function diffTemplates(before: unknown, after: unknown): TemplateChange[] {
  const a = asRecord(normalizeTemplate(before).spec);
  const b = asRecord(normalizeTemplate(after).spec);
  return [...containerChanges(a, b), ...namedChanges("volumes", undefined, a.volumes, b.volumes, compact)];
}

/** A unified diff of the two templates as YAML, labelled like `revision 2` and `revision 4`. */
export function templateYamlDiff(beforeLabel: string, before: unknown, afterLabel: string, after: unknown): string {
  const text = (template: unknown) => stringify(sortKeys(normalizeTemplate(template)), { lineWidth: 0 });
  return createTwoFilesPatch(beforeLabel, afterLabel, text(before), text(after), undefined, undefined, {
    context: 3,
  });
}

function containerChanges(a: Record<string, unknown>, b: Record<string, unknown>): TemplateChange[] {
  const before = byName([...asArray(a.initContainers), ...asArray(a.containers)]);
  const after = byName([...asArray(b.initContainers), ...asArray(b.containers)]);
  const changes: TemplateChange[] = [];
  for (const name of union(before.keys(), after.keys())) {
    const x = before.get(name);
    const y = after.get(name);
    if (!x || !y) {
      changes.push({ area: "container", container: name, before: x ? "present" : null, after: y ? "present" : null });
      continue;
    }
    changes.push(...fieldChange("image", name, asString(x.image) ?? null, asString(y.image) ?? null));
    changes.push(...namedChanges("env", name, x.env, y.env, envText));
    changes.push(...fieldChange("resources", name, compactOrNull(x.resources), compactOrNull(y.resources)));
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      const change = fieldChange("probes", name, compactOrNull(x[probe]), compactOrNull(y[probe]));
      changes.push(...change.map((entry) => ({ ...entry, item: probe })));
    }
    changes.push(...fieldChange("command", name, compactOrNull(x.command), compactOrNull(y.command)));
    changes.push(...fieldChange("args", name, compactOrNull(x.args), compactOrNull(y.args)));
  }
  return changes;
}

function fieldChange(area: TemplateChangeArea, container: string, before: string | null, after: string | null) {
  return before === after ? [] : [{ area, container, before, after }];
}

function namedChanges(
  area: TemplateChangeArea,
  container: string | undefined,
  beforeList: unknown,
  afterList: unknown,
  show: (entry: Record<string, unknown>) => string,
): TemplateChange[] {
  const before = byName(asArray(beforeList));
  const after = byName(asArray(afterList));
  const changes: TemplateChange[] = [];
  for (const item of union(before.keys(), after.keys())) {
    const x = before.get(item);
    const y = after.get(item);
    const shownBefore = x ? show(x) : null;
    const shownAfter = y ? show(y) : null;
    if (shownBefore !== shownAfter) {
      changes.push({ area, ...(container && { container }), item, before: shownBefore, after: shownAfter });
    }
  }
  return changes;
}

/** An env variable as people read it: its literal value, or where it comes from (never a Secret's value). */
export function envText(variable: Record<string, unknown>): string {
  if (typeof variable.value === "string") return variable.value;
  const from = asRecord(variable.valueFrom);
  const secret = asRecord(from.secretKeyRef);
  if (secret.name) return `from Secret ${String(secret.name)} key ${String(secret.key)}`;
  const configMap = asRecord(from.configMapKeyRef);
  if (configMap.name) return `from ConfigMap ${String(configMap.name)} key ${String(configMap.key)}`;
  const field = asRecord(from.fieldRef);
  if (field.fieldPath) return `from field ${String(field.fieldPath)}`;
  const resource = asRecord(from.resourceFieldRef);
  if (resource.resource) return `from resource ${String(resource.resource)}`;
  return "";
}

function byName(entries: unknown[]): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const entry of entries) {
    const record = asRecord(entry);
    const name = asString(record.name);
    if (name !== undefined) map.set(name, record);
  }
  return map;
}

function union(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])];
}

function compact(value: unknown): string {
  return canonical(value);
}

function compactOrNull(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "object" && Object.keys(value).length === 0) return null;
  return canonical(value);
}

/** JSON with sorted keys: equal values give equal text whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
