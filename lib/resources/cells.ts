/**
 * Small, total helpers for reading cluster output into cells. Objects from a cluster are
 * untrusted: a field may be missing, of the wrong type or huge, so every reader here has a
 * fallback and every string or list it returns has a bound (a row stays ≤ 1 KB, docs/kinds.md).
 */

/** Longest free text a cell keeps (selectors, summaries), in characters. */
export const MAX_TEXT = 160;
/**
 * Longest message a cell keeps. A message that explains a status is carried twice (the cell,
 * and the status reason derived from it), so it gets less room; the full text is in the object.
 */
export const MAX_MESSAGE = 100;
/** Longest short value a cell keeps (reasons, types, single names that are not the row's own). */
export const MAX_WORD = 64;
/** Most entries a list cell keeps before it says "+N more". */
export const MAX_LIST = 3;

export function asArray<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The objects of a list, each one guaranteed to be an object (null entries become {}). */
export function asRecords<T extends object = Record<string, unknown>>(value: unknown): T[] {
  return asArray(value).map(asRecord) as T[];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Cut `text` to `max` characters, ending in "…" when it was longer. */
export function capText(text: string | undefined | null, max = MAX_TEXT): string | null {
  if (text === undefined || text === null || text === "") return null;
  const trimmed = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const clean = trimmed.trim().replace(/\s+/g, " ");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * Cut `text` in the middle: image references carry their meaning at both ends
 * (registry/repository … tag or digest), so neither end may be dropped.
 */
export function capMiddle(text: string, max = 80): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.4);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** At most `maxItems` entries, each capped, then "+N more" when some were left out. */
export function capList(items: readonly string[], maxItems = MAX_LIST, maxChars = MAX_WORD): string[] {
  const kept = items.slice(0, maxItems).map((item) => capMiddle(item, maxChars));
  return items.length > maxItems ? [...kept, `+${items.length - maxItems} more`] : kept;
}

/** "x/y" as a ratio cell; its sort value comes from ratioValue(). */
export function ratio(part: number, whole: number): string {
  return `${part}/${whole}`;
}

/** A label map as kubectl prints it ("app=web,tier=front"), capped; null when empty. */
export function formatLabels(labels: unknown): string | null {
  return capText(labelPairs(labels).join(","));
}

function labelPairs(labels: unknown): string[] {
  return Object.entries(asRecord(labels))
    .slice(0, 20)
    .map(([key, value]) => `${key}=${String(value)}`);
}

/** A label selector (matchLabels and matchExpressions) the way kubectl prints it, capped. */
export function formatSelector(selector: unknown): string | null {
  const { matchLabels, matchExpressions } = asRecord(selector);
  const parts = labelPairs(matchLabels);
  for (const expression of asArray(matchExpressions).slice(0, 20)) {
    const { key, operator, values } = asRecord(expression);
    const list = asArray<string>(values).slice(0, 20).join(",");
    if (operator === "In") parts.push(`${String(key)} in (${list})`);
    else if (operator === "NotIn") parts.push(`${String(key)} notin (${list})`);
    else if (operator === "Exists") parts.push(String(key));
    else if (operator === "DoesNotExist") parts.push(`!${String(key)}`);
  }
  return capText(parts.join(","));
}

/** The containers of a pod template (or a pod spec): names and images, capped. */
export function containerCells(podSpec: unknown): { containers: string[]; images: string[] } {
  const containers = asArray(asRecord(podSpec).containers).map(asRecord);
  return {
    containers: capList(containers.map((c) => asString(c.name) ?? "")),
    images: capList(
      containers.map((c) => asString(c.image) ?? ""),
      MAX_LIST,
      80,
    ),
  };
}

export type Condition = {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
};

/** The condition of `type` in an object's status.conditions, if any. */
export function findCondition(status: unknown, type: string): Condition | undefined {
  return asArray<Condition>(asRecord(status).conditions).find((condition) => asRecord(condition).type === type);
}
