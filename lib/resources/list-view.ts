/**
 * The generic list page of a kind, as data: its columns (plain, so the server page can hand them
 * to the browser), the kind navigation, and the view's URL state. Isomorphic and pure.
 */
import { MAX_VIEW_CLUSTERS, MAX_VIEW_NAMESPACES } from "@/lib/realtime/contract";
import { findKind } from "./registry";
import type { ColumnType, KindCategory, ResourceName, ResourceRow, Tone } from "./types";

/** A column the browser renders: ColumnSpec without its value function (the server sorts). */
export type ListColumn = { id: string; title: string; type: ColumnType; secondary?: boolean };

/** One entry of the kind navigation. */
export type KindLink = { name: ResourceName; kind: string; category: KindCategory };

export const KIND_CATEGORIES: readonly KindCategory[] = [
  "cluster",
  "workloads",
  "network",
  "config",
  "storage",
  "access",
  "policy",
  "custom",
];

export const CATEGORY_TITLES: Readonly<Record<KindCategory, string>> = {
  cluster: "Cluster",
  workloads: "Workloads",
  network: "Network",
  config: "Config",
  storage: "Storage",
  access: "Access control",
  policy: "Policy",
  custom: "More and custom resources",
};

export function categoryOf(name: ResourceName, builtIn: boolean): KindCategory {
  return (builtIn && findKind(name)?.category) || "custom";
}

/** "Deployment" → "Deployments", "Ingress" → "Ingresses", "NetworkPolicy" → "NetworkPolicies", "Endpoints" stays. */
export function pluralTitle(kind: string): string {
  if (/(ss|x|ch|sh)$/.test(kind)) return `${kind}es`;
  if (kind.endsWith("s")) return kind;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

// --- URL state ---------------------------------------------------------------------------------

/**
 * The view a link carries: `?ns=shop,payments&q=web&sort=-age&l=app%3Dweb&cols=name,status&clusters=a,b`.
 * Empty `columns`: the kind's own; empty `clusterIds`: the page's cluster alone.
 */
export type ListViewState = {
  namespaces: string[];
  filter: string;
  sort?: { column: string; direction: "asc" | "desc" };
  labelSelector: string;
  columns: string[];
  clusterIds: string[];
};

/** The search params of a list view (nuqs keys). */
export type ListViewParams = {
  ns?: string | null;
  q?: string | null;
  sort?: string | null;
  l?: string | null;
  cols?: string | null;
  clusters?: string | null;
};

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const COLUMN_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const CLUSTER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_FILTER_LENGTH = 256;
export const MAX_LABEL_SELECTOR_LENGTH = 1024;

/**
 * Reads a view from search params, dropping what the subscription would refuse (a hand-edited
 * link must open a list, not an error): invalid namespaces, unknown columns, an overlong filter.
 */
export function parseListView(params: ListViewParams, columns: readonly ListColumn[]): ListViewState {
  const namespaces = listOf(params.ns, (name) => NAMESPACE.test(name)).slice(0, MAX_VIEW_NAMESPACES);
  const filter = (params.q ?? "").slice(0, MAX_FILTER_LENGTH);
  const labelSelector = (params.l ?? "").trim().slice(0, MAX_LABEL_SELECTOR_LENGTH);
  const known = new Set(columns.map((column) => column.id));
  const picked = listOf(params.cols, (id) => COLUMN_ID.test(id) && known.has(id));
  const clusterIds = listOf(params.clusters, (id) => CLUSTER_ID.test(id)).slice(0, MAX_VIEW_CLUSTERS);
  return { namespaces, filter, labelSelector, columns: picked, clusterIds, ...sortOf(params.sort, columns) };
}

/** The search params that carry a view; empty values are left out, so links stay short. */
export function listViewParams(view: ListViewState): Required<ListViewParams> {
  return {
    ns: view.namespaces.length > 0 ? view.namespaces.join(",") : null,
    q: view.filter || null,
    sort: sortParam(view.sort),
    l: view.labelSelector || null,
    cols: view.columns.length > 0 ? view.columns.join(",") : null,
    clusters: view.clusterIds.length > 0 ? view.clusterIds.join(",") : null,
  };
}

/** `?ns=…&q=…` for a link (a saved view opened, a palette result). */
export function listViewQuery(view: ListViewState): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(listViewParams(view))) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `?${query}` : "";
}

/** The columns a view shows: its picked ones in the kind's order, or all; the name always. */
export function visibleColumns(columns: readonly ListColumn[], picked: readonly string[]): ListColumn[] {
  if (picked.length === 0) return [...columns];
  const wanted = new Set(picked);
  return columns.filter((column) => column.id === "name" || wanted.has(column.id));
}

function listOf(raw: string | null | undefined, valid: (value: string) => boolean): string[] {
  return [...new Set((raw ?? "").split(",").filter((value) => value !== "" && valid(value)))];
}

function sortOf(raw: string | null | undefined, columns: readonly ListColumn[]): Pick<ListViewState, "sort"> {
  if (!raw) return {};
  const column = raw.replace(/^-/, "");
  if (!COLUMN_ID.test(column) || !columns.some((candidate) => candidate.id === column)) return {};
  return { sort: { column, direction: raw.startsWith("-") ? "desc" : "asc" } };
}

/** The `sort` search param of a sort: `age`, or `-age` descending. */
export function sortParam(sort: ListViewState["sort"]): string | null {
  return sort ? `${sort.direction === "desc" ? "-" : ""}${sort.column}` : null;
}

/** Clicking a column header: ascending, then descending, then the default order. */
export function nextSort(current: ListViewState["sort"], column: string): ListViewState["sort"] {
  if (current?.column !== column) return { column, direction: "asc" };
  return current.direction === "asc" ? { column, direction: "desc" } : undefined;
}

// --- windows -----------------------------------------------------------------------------------

/** Rows per window step: scrolling inside a step reuses the subscription. */
export const WINDOW_STEP = 100;
/** The window spans the step before and after the visible one, so a scroll rarely shows blanks. */
export const WINDOW_ROWS = WINDOW_STEP * 3;

/** The window to subscribe to when row `firstVisible` is at the top of the viewport. */
export function windowFor(firstVisible: number): { offset: number; limit: number } {
  const step = Math.max(0, Math.floor(firstVisible / WINDOW_STEP) - 1);
  return { offset: step * WINDOW_STEP, limit: WINDOW_ROWS };
}

// --- cells -------------------------------------------------------------------------------------

/** What a cell of a column holds for a row: common metadata for the columns every kind has. */
export function cellOf(row: ResourceRow, column: ListColumn): ResourceRow["cells"][string] {
  switch (column.id) {
    case "name":
      return row.name;
    case "namespace":
      return row.namespace ?? null;
    case "age":
      return row.createdAt;
    case "status":
      return row.status.label;
    default:
      return row.cells[column.id] ?? null;
  }
}

/** "45s", "12m", "3h", "5d", "2y": the age of an ISO time, kubectl-style. */
export function formatAge(iso: string | null, now: number): string {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) return "—";
  const seconds = Math.max(0, Math.floor((now - time) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 730 ? `${days}d` : `${Math.floor(days / 365)}y`;
}

/** Tones an on-call engineer must see at once: they render as coloured chips, the rest as text. */
export function isAlarming(tone: Tone): boolean {
  return tone === "error" || tone === "warn";
}
