/**
 * defineKind(): a kind as data plus pure functions (docs/kinds.md). It fills in what most kinds
 * share — the core group, version v1, namespaced, the name/namespace/age columns, a presence
 * status, edit and delete — so a kind file states only what is particular to it.
 */
import { ageColumn, nameColumn, namespaceColumn } from "./columns";
import type {
  CellValue,
  ColumnSpec,
  KindActions,
  KindCategory,
  KindDefinition,
  KubeObject,
  ResourceRow,
  ResourceStatus,
} from "./types";

export type KindSpec = {
  kind: string;
  /** Default "" (the core group). */
  group?: string;
  /** Most preferred first. Default ["v1"]. */
  versions?: readonly string[];
  plural: string;
  /** Default true. */
  namespaced?: boolean;
  category: KindCategory;
  /** The kind's own columns; name (and namespace) come first and age last by themselves. */
  columns?: readonly ColumnSpec[];
  toCells?: (object: KubeObject) => Record<string, CellValue>;
  /** Default presenceStatus: the kind has no health of its own. */
  status?: (row: Omit<ResourceRow, "status">) => ResourceStatus;
  /** Default editAndDelete. */
  actions?: KindActions;
  redact?: (object: KubeObject) => KubeObject;
};

/** What every object may have done to it, given the permission. */
export const editAndDelete = { edit: "resources.edit", delete: "resources.delete" } as const satisfies KindActions;

/** For kinds without a health of their own: present, or going away. */
export function presenceStatus(row: Omit<ResourceRow, "status">): ResourceStatus {
  return row.deleting ? { label: "Terminating", tone: "warn" } : { label: "Active", tone: "info" };
}

export function defineKind(spec: KindSpec): KindDefinition {
  const namespaced = spec.namespaced ?? true;
  const columns = [nameColumn, ...(namespaced ? [namespaceColumn] : []), ...(spec.columns ?? []), ageColumn];
  return Object.freeze({
    kind: spec.kind,
    group: spec.group ?? "",
    versions: Object.freeze([...(spec.versions ?? ["v1"])]),
    plural: spec.plural,
    namespaced,
    category: spec.category,
    columns: Object.freeze(columns),
    toCells: spec.toCells ?? (() => ({})),
    status: spec.status ?? presenceStatus,
    actions: Object.freeze({ ...(spec.actions ?? editAndDelete) }),
    ...(spec.redact && { redact: spec.redact }),
  });
}
