/**
 * The isomorphic model of a Kubernetes kind (docs/architecture.md, "Adding a kind"): data plus
 * pure functions, no I/O. The server projects every watched object to a ResourceRow once; the
 * browser renders rows, never full objects.
 */
import type { Permission } from "@/lib/permissions";

export type ObjectMeta = {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }[];
  generation?: number;
  managedFields?: unknown[];
  [field: string]: unknown;
};

/** Any object as the apiserver returns it; kinds read the fields they know. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
};

export type Tone = "ok" | "warn" | "error" | "info" | "muted";

/** What a row says about itself: `CrashLoopBackOff` (error), `Pending: 0/1 nodes are available…` (warn). */
export type ResourceStatus = { label: string; tone: Tone; reason?: string };

export type CellValue = string | number | boolean | null | readonly string[];

/**
 * One object as the engine keeps it (target ≤ 1 KB) and sends it to browsers. Common metadata
 * first; `cells` holds the kind's own projected values, read by its columns.
 */
export type ResourceRow = {
  uid: string;
  name: string;
  namespace?: string;
  resourceVersion: string;
  createdAt: string | null;
  labels?: Readonly<Record<string, string>>;
  /** The controller owner, for "owned by" links and owner chains. */
  owner?: { kind: string; name: string; uid: string };
  /** Set when a deletionTimestamp is present: the object is going away. */
  deleting?: true;
  cells: Readonly<Record<string, CellValue>>;
  status: ResourceStatus;
};

export type ColumnType = "text" | "number" | "age" | "ratio" | "status" | "labels" | "list" | "quantity";

export type ColumnSpec = {
  id: string;
  title: string;
  type: ColumnType;
  /** The plain value used to sort and filter; how a cell renders is the view's business. */
  value: (row: ResourceRow) => string | number | null;
  /** Hidden on narrow screens unless the user asks for it. */
  secondary?: boolean;
};

/** Actions a kind allows, each naming the permission it needs (lib/permissions.ts). */
export type KindActions = Partial<
  Record<
    "scale" | "restart" | "rollback" | "pause" | "resume" | "setImage" | "delete" | "edit" | "reveal" | "logs",
    Permission
  >
>;

export type KindCategory = "cluster" | "workloads" | "network" | "config" | "storage" | "access" | "policy" | "custom";

export type KindDefinition = {
  kind: string;
  /** "" for the core group. */
  group: string;
  /** Versions this definition understands, most preferred first; the served one is chosen per cluster. */
  versions: readonly string[];
  plural: string;
  namespaced: boolean;
  category: KindCategory;
  columns: readonly ColumnSpec[];
  /** The kind's own cells; common metadata is projected by the engine. Pure. */
  toCells: (object: KubeObject) => Record<string, CellValue>;
  /** Pure: a label and tone from the row alone. */
  status: (row: Omit<ResourceRow, "status">) => ResourceStatus;
  actions: KindActions;
  /** Remove what must never leave the server (Secret values). Pure; returns a new object. */
  redact?: (object: KubeObject) => KubeObject;
};

/**
 * The name a resource goes by on the wire and in URLs, as kubectl spells it: `pods`,
 * `deployments.apps`, `certificates.cert-manager.io`.
 */
export type ResourceName = string;

/** A resource as one cluster serves it (from discovery). */
export type ServedResource = {
  name: ResourceName;
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  verbs: readonly string[];
};
