/**
 * Definitions built at run time: for a custom resource from its CRD (names, scope, served
 * versions, additionalPrinterColumns), and for any other served resource Pilothouse has no kind
 * file for (an aggregated API such as metrics.k8s.io) from discovery alone. Pure, like the kinds.
 */
import { asNumber, asRecord, asRecords, asString, capText, findCondition, MAX_MESSAGE } from "./cells";
import { column } from "./columns";
import { defineKind, editAndDelete } from "./define-kind";
import { evaluateJsonPath, parseJsonPath, type JsonPath } from "./jsonpath";
import type { CellValue, ColumnSpec, KindDefinition, KubeObject, ResourceRow, ResourceStatus } from "./types";

/** A CRD may declare many printer columns; a row has room for this many. */
const MAX_PRINTER_COLUMNS = 8;

type PrinterColumn = { name: string; type: string; jsonPath: JsonPath; secondary: boolean };

/** Kubernetes' version order: GA before beta before alpha, higher numbers first, then the rest by name. */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (version: string) => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!match) return [3, 0, 0];
    const stability = match[2] === undefined ? 0 : match[2] === "beta" ? 1 : 2;
    return [stability, -Number(match[1]), -Number(match[3] ?? 0)];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return a.localeCompare(b);
}

/** The served versions of a CRD, preferred first (apiextensions/v1 `versions`, or v1beta1's single `version`). */
export function servedCrdVersions(crd: KubeObject): string[] {
  const spec = asRecord(crd.spec);
  const listed = asRecords(spec.versions)
    .filter((version) => version.served !== false && typeof version.name === "string")
    .map((version) => version.name as string);
  const versions = listed.length > 0 ? listed : typeof spec.version === "string" ? [spec.version] : [];
  return versions.sort(compareKubeVersions);
}

function printerColumns(crd: KubeObject, version: string): PrinterColumn[] {
  const spec = asRecord(crd.spec);
  const perVersion = asRecords(spec.versions).find((entry) => entry.name === version)?.additionalPrinterColumns;
  const declared = asRecords(perVersion ?? spec.additionalPrinterColumns);
  const columns: PrinterColumn[] = [];
  for (const entry of declared) {
    const path = asString(entry.jsonPath) ?? asString(entry.JSONPath) ?? "";
    // Pilothouse shows every row's age already.
    if (entry.type === "date" && path.trim() === ".metadata.creationTimestamp") continue;
    const jsonPath = parseJsonPath(path);
    if (!jsonPath || typeof entry.name !== "string") continue;
    columns.push({
      name: entry.name.slice(0, 48),
      type: asString(entry.type) ?? "string",
      jsonPath,
      secondary: (asNumber(entry.priority) ?? 0) > 0,
    });
    if (columns.length === MAX_PRINTER_COLUMNS) break;
  }
  return columns;
}

/** A cell from the first value the path reaches, typed like the apiserver's table convertor does. */
function printerCell(type: string, object: KubeObject, path: JsonPath): CellValue {
  const [value] = evaluateJsonPath(path, object);
  if (value === undefined || value === null) return null;
  switch (type) {
    case "integer":
      return typeof value === "number" ? Math.trunc(value) : null;
    case "number":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? String(value) : null;
    case "date":
      return typeof value === "string" ? capText(value, 40) : null;
    default:
      return typeof value === "string" ? capText(value, 120) : capText(JSON.stringify(value), 120);
  }
}

function printerColumnSpec(printer: PrinterColumn, id: string): ColumnSpec {
  const options = { secondary: printer.secondary };
  if (printer.type === "integer" || printer.type === "number") return column.number(id, printer.name, options);
  if (printer.type === "date") return column.age(id, printer.name, options);
  return column.text(id, printer.name, options);
}

/** Most custom resources (and many aggregated ones) report a Ready condition: use it when present. */
function readyCells(object: KubeObject): Record<string, CellValue> {
  const ready = findCondition(object.status, "Ready");
  return ready
    ? { ready: asString(ready.status) ?? null, readyMessage: capText(ready.message ?? ready.reason, MAX_MESSAGE) }
    : {};
}

function readyStatus(row: Omit<ResourceRow, "status">): ResourceStatus {
  const reason = typeof row.cells.readyMessage === "string" ? { reason: row.cells.readyMessage } : {};
  if (row.deleting) return { label: "Terminating", tone: "warn" };
  if (row.cells.ready === "True") return { label: "Ready", tone: "ok" };
  if (row.cells.ready === "False") return { label: "Not ready", tone: "error", ...reason };
  if (row.cells.ready === "Unknown") return { label: "Unknown", tone: "warn", ...reason };
  return { label: "Active", tone: "info" };
}

/**
 * The definition of a custom resource at `version` (one of its served versions; default the
 * preferred one), with the CRD's printer columns for that version, or only name and age when it
 * declares none.
 */
export function definitionFromCrd(crd: KubeObject, version?: string): KindDefinition {
  const spec = asRecord(crd.spec);
  const names = asRecord(spec.names);
  const versions = servedCrdVersions(crd);
  const chosen = version ?? versions[0] ?? "v1";
  const printers = printerColumns(crd, chosen).map((printer, index) => ({ printer, id: `c${index}` }));
  return defineKind({
    kind: asString(names.kind) ?? "",
    group: asString(spec.group) ?? "",
    versions: versions.includes(chosen) ? [chosen, ...versions.filter((v) => v !== chosen)] : [chosen, ...versions],
    plural: asString(names.plural) ?? "",
    namespaced: spec.scope !== "Cluster",
    category: "custom",
    columns: [...printers.map(({ printer, id }) => printerColumnSpec(printer, id)), column.status()],
    // Bounded: at most MAX_PRINTER_COLUMNS cells, each capped, plus the Ready condition.
    toCells: (object) => ({
      ...Object.fromEntries(
        printers.map(({ printer, id }) => [id, printerCell(printer.type, object, printer.jsonPath)]),
      ),
      ...readyCells(object),
    }),
    status: readyStatus,
    actions: editAndDelete,
  });
}

/** For a served resource with neither a kind file nor a readable CRD: name, age and a Ready condition if any. */
export function genericDefinition(resource: {
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}): KindDefinition {
  return defineKind({
    kind: resource.kind,
    group: resource.group,
    versions: [resource.version],
    plural: resource.plural,
    namespaced: resource.namespaced,
    category: "custom",
    columns: [column.status()],
    toCells: readyCells,
    status: readyStatus,
  });
}
