/**
 * projectRow(): one object as the engine keeps it and sends it (types.ts ResourceRow, ≤ 1 KB).
 * Common metadata is read here once; the kind adds its cells and judges its status.
 */
import { asRecord, asRecords, asString } from "./cells";
import type { KindDefinition, KubeObject, ResourceRow } from "./types";

/** Labels a row carries: enough to recognise and filter by the usual ones, never the whole set. */
const MAX_ROW_LABELS = 6;
const MAX_LABEL_CHARS = 100;
const MAX_LABELS_TOTAL = 200;

/**
 * The first labels that fit the budget, each kept whole (a cut label would match the wrong
 * selector). The full set comes with the object when it is opened.
 */
export function capLabels(labels: unknown): Record<string, string> | undefined {
  const kept: Record<string, string> = {};
  let total = 0;
  let count = 0;
  for (const [key, value] of Object.entries(asRecord(labels))) {
    if (count >= MAX_ROW_LABELS) break;
    if (typeof value !== "string") continue;
    const size = key.length + value.length;
    if (size > MAX_LABEL_CHARS || total + size > MAX_LABELS_TOTAL) continue;
    kept[key] = value;
    total += size;
    count++;
  }
  return count > 0 ? kept : undefined;
}

function controllerOf(metadata: Record<string, unknown>): ResourceRow["owner"] {
  const owner = asRecords(metadata.ownerReferences).find((ref) => ref.controller === true);
  if (!owner) return undefined;
  return {
    kind: (asString(owner.kind) ?? "").slice(0, 64),
    name: (asString(owner.name) ?? "").slice(0, 253),
    uid: (asString(owner.uid) ?? "").slice(0, 64),
  };
}

export function projectRow(definition: KindDefinition, object: KubeObject): ResourceRow {
  const metadata = asRecord(object.metadata);
  const namespace = asString(metadata.namespace);
  const labels = capLabels(metadata.labels);
  const owner = controllerOf(metadata);
  const base: Omit<ResourceRow, "status" | "cells"> = {
    uid: asString(metadata.uid) ?? "",
    name: asString(metadata.name) ?? "",
    ...(namespace && { namespace }),
    resourceVersion: asString(metadata.resourceVersion) ?? "",
    createdAt: asString(metadata.creationTimestamp) ?? null,
    ...(labels && { labels }),
    ...(owner && { owner }),
    ...(typeof metadata.deletionTimestamp === "string" && { deleting: true as const }),
  };
  try {
    const cells = definition.toCells(object);
    return { ...base, cells, status: definition.status({ ...base, cells }) };
  } catch {
    // One malformed object must not stop a list of thousands: it shows as unreadable instead.
    return { ...base, cells: {}, status: { label: "Unreadable", tone: "error", reason: "unexpected object shape" } };
  }
}
