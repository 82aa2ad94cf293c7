/**
 * The command palette's entries as data (docs/resource-views.md, Command palette): what the
 * server's object search returns and where each kind of result leads. Isomorphic and pure.
 */
import { objectHref } from "./links";
import type { Tone } from "./types";

/** An object found by name on one of the org's clusters. */
export type ObjectHit = {
  clusterId: string;
  clusterName: string;
  resource: string;
  kind: string;
  namespace?: string;
  name: string;
  status: { label: string; tone: Tone };
};

export type ObjectSearch = { hits: ObjectHit[]; incomplete: boolean };

/** Queries shorter than this search nothing on the server (every name holds one letter). */
export const MIN_SEARCH_LENGTH = 2;

/** A namespace opens its pods; every other object its detail page. */
export function hitHref(hit: ObjectHit): string {
  if (hit.resource === "namespaces") return `/clusters/${hit.clusterId}/pods?ns=${encodeURIComponent(hit.name)}`;
  return objectHref({ clusterId: hit.clusterId, resource: hit.resource, namespace: hit.namespace, name: hit.name });
}

/** What the palette offers once an object is chosen (docs/operations.md, "Palette actions"). */
export type PaletteAction = "open" | "scale" | "restart" | "pause" | "resume" | "rollback" | "logs" | "edit";

/** Words that start a query with an action: "scale web" finds `web` and offers its scale first. */
const VERBS: Readonly<Record<string, PaletteAction>> = {
  scale: "scale",
  restart: "restart",
  pause: "pause",
  resume: "resume",
  rollback: "rollback",
  logs: "logs",
  log: "logs",
  edit: "edit",
  yaml: "edit",
};

export const ACTION_LABELS: Readonly<Record<PaletteAction, string>> = {
  open: "Open",
  scale: "Scale…",
  restart: "Restart…",
  pause: "Pause rollout",
  resume: "Resume rollout",
  rollback: "Roll back… (revisions)",
  logs: "Logs",
  edit: "Edit YAML",
};

/** An action word, then the name to search for; without one, the whole query is the name. */
export function parseActionQuery(query: string): { action?: PaletteAction; text: string } {
  const match = /^\s*(\S+)\s+(.*\S)\s*$/.exec(query);
  const action = match ? VERBS[match[1]!.toLowerCase()] : undefined;
  return action ? { action, text: match![2]! } : { text: query.trim() };
}

/**
 * The actions a kind allows, in the palette's order: what its definition lists (a custom
 * resource: edit), with pause and resume as one entry chosen by the rollout's state.
 */
export function paletteActions(
  allowed: Readonly<Partial<Record<string, unknown>>>,
  paused: boolean | null,
): PaletteAction[] {
  const actions: PaletteAction[] = ["open"];
  for (const action of ["scale", "restart", "rollback", "logs", "edit"] as const) {
    if (allowed[action]) actions.push(action);
    if (action === "restart" && allowed.pause && paused !== null) actions.push(paused ? "resume" : "pause");
  }
  return actions;
}

/** Where an action that is a page leads: the object's page, on the tab that does it. */
export function actionHref(hit: ObjectHit, action: "open" | "rollback" | "logs" | "edit"): string {
  const base = hitHref(hit);
  const tab = { open: null, rollback: "revisions", logs: "logs", edit: "edit" }[action];
  return tab && hit.resource !== "namespaces" ? `${base}?tab=${tab}` : base;
}
