import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { ResourceRow } from "@/lib/resources/types";
import {
  formatFieldSelector,
  formatLabelSelector,
  matchesLabelSelector,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
} from "@/lib/selectors";

/**
 * Server-side filter, sort and paging over cached rows, so a browser showing 50 of 10k pods
 * downloads 50 (docs/realtime.md, "Queries"). Paging is by keyset: the continue token holds the
 * last row's sort key, so rows added or removed between pages neither repeat nor shift the rest.
 * A page is the `limit` smallest rows after that key, selected in one pass without a full sort.
 */

export type SortValue = string | number | null;

export type RowQuery = {
  /** Case-insensitive substring of the name, namespace or status label. */
  filter?: string;
  namespaces?: readonly string[];
  labelSelector?: string;
  /** Over cached rows only `metadata.name` and `metadata.namespace` can be asked. */
  fieldSelector?: string;
  /** A column's plain value (ColumnSpec.value); `id` names it in the continue token. */
  sort?: { id: string; value: (row: ResourceRow) => SortValue; direction: "asc" | "desc" };
  limit?: number;
  continue?: string;
};

export type RowPage = {
  rows: ResourceRow[];
  /** How many rows match the query across all pages. */
  total: number;
  continue?: string;
};

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const MAX_TOKEN_LENGTH = 2048;
const ROW_FIELDS = new Set(["metadata.name", "metadata.namespace"]);
/** Without a column, rows read like kubectl's: by namespace, then name. */
const DEFAULT_SORT = { id: "", value: () => null, direction: "asc" as const };

type SortKey = { value: SortValue; namespace: string; name: string; uid: string };
type Cursor = SortKey & { query: string };

export function queryRows(rows: Iterable<ResourceRow>, query: RowQuery = {}): RowPage {
  const limit = pageSize(query.limit);
  const sort = query.sort ?? DEFAULT_SORT;
  const fingerprint = queryFingerprint(query, sort);
  const cursor = query.continue === undefined ? undefined : decodeCursor(query.continue, fingerprint);
  const keep = rowPredicate(query);
  const direction = sort.direction === "desc" ? -1 : 1;

  let total = 0;
  let after = 0;
  const page = new BoundedSortedList<{ row: ResourceRow; key: SortKey }>(limit, (a, b) =>
    compareKeys(a.key, b.key, direction),
  );
  for (const row of rows) {
    if (!keep(row)) continue;
    total += 1;
    const key = sortKey(row, sort.value);
    if (cursor && compareKeys(key, cursor, direction) <= 0) continue;
    after += 1;
    page.offer({ row, key });
  }
  const last = page.items.at(-1);
  return {
    rows: page.items.map((entry) => entry.row),
    total,
    ...(after > limit && last && { continue: encodeCursor({ ...last.key, query: fingerprint }) }),
  };
}

export type RowWindow<T> = { entries: T[]; total: number };

/** The furthest a window may reach into a list (offset + limit). */
export const MAX_WINDOW_END = 100_000;

/**
 * An OFFSET window over cached rows, for virtualized tables that jump to any scroll position
 * (docs/realtime.md, "Windows"). Entries carry their row and whatever the caller attaches (the
 * cluster of a cross-cluster list). Small windows select without sorting everything; deep ones
 * sort the matches once.
 */
export function queryWindow<T extends { row: ResourceRow }>(
  entries: Iterable<T>,
  query: Omit<RowQuery, "limit" | "continue"> & { offset: number; limit: number },
): RowWindow<T> {
  const end = query.offset + query.limit;
  if (!Number.isInteger(query.offset) || query.offset < 0 || end > MAX_WINDOW_END) {
    throw new AppError("INVALID_INPUT", `window: offset + limit must be at most ${MAX_WINDOW_END}`, "window");
  }
  pageSize(query.limit);
  const sort = query.sort ?? DEFAULT_SORT;
  const keep = rowPredicate(query);
  const direction = sort.direction === "desc" ? -1 : 1;
  type Match = { entry: T; key: SortKey };
  const compare = (a: Match, b: Match) => compareKeys(a.key, b.key, direction);
  const matches: Match[] = [];
  for (const entry of entries) {
    if (keep(entry.row)) matches.push({ entry, key: sortKey(entry.row, sort.value) });
  }
  let ordered: Match[];
  if (end * 8 < matches.length) {
    const head = new BoundedSortedList<Match>(end, compare);
    for (const match of matches) head.offer(match);
    ordered = head.items;
  } else {
    ordered = matches.sort(compare);
  }
  return { entries: ordered.slice(query.offset, end).map((match) => match.entry), total: matches.length };
}

/**
 * The `capacity` smallest items offered, in order, without sorting everything: a page of 100 out
 * of 10k rows costs about one comparison per row (most lose to the current last item at once).
 */
class BoundedSortedList<T> {
  readonly items: T[] = [];

  constructor(
    private readonly capacity: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  offer(item: T) {
    const { items } = this;
    if (items.length === this.capacity && this.compare(item, items[items.length - 1]!) >= 0) return;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(items[middle]!, item) <= 0) low = middle + 1;
      else high = middle;
    }
    items.splice(low, 0, item);
    if (items.length > this.capacity) items.pop();
  }
}

// ---------------------------------------------------------------------------------------------

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new AppError("INVALID_INPUT", `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`, "limit");
  }
  return limit;
}

function rowPredicate(query: RowQuery): (row: ResourceRow) => boolean {
  const needle = query.filter?.trim().toLowerCase() ?? "";
  const namespaces = query.namespaces?.length ? new Set(query.namespaces) : undefined;
  const labels = query.labelSelector ? parseLabelSelector(query.labelSelector) : [];
  const fields = query.fieldSelector ? rowFieldSelector(query.fieldSelector) : [];
  return (row) =>
    (!namespaces || namespaces.has(row.namespace ?? "")) &&
    (needle === "" || containsText(row, needle)) &&
    matchesLabelSelector(labels, row.labels) &&
    fields.every((field) => matchesField(field, row));
}

function containsText(row: ResourceRow, needle: string): boolean {
  return (
    row.name.toLowerCase().includes(needle) ||
    (row.namespace?.toLowerCase().includes(needle) ?? false) ||
    row.status.label.toLowerCase().includes(needle) ||
    runsImage(row, needle)
  );
}

/** Workloads carry their containers' images: "every workload running image X" is a filter. */
function runsImage(row: ResourceRow, needle: string): boolean {
  const images = row.cells.images;
  return Array.isArray(images) && images.some((image) => image.toLowerCase().includes(needle));
}

function rowFieldSelector(text: string): FieldRequirement[] {
  const selector = parseFieldSelector(text);
  const unsupported = selector.find((requirement) => !ROW_FIELDS.has(requirement.field));
  if (unsupported) {
    throw new AppError(
      "INVALID_INPUT",
      `fieldSelector: ${unsupported.field} cannot filter a list; use metadata.name or metadata.namespace`,
      "fieldSelector",
    );
  }
  return selector;
}

function matchesField(requirement: FieldRequirement, row: ResourceRow): boolean {
  const actual = requirement.field === "metadata.name" ? row.name : (row.namespace ?? "");
  return (actual === requirement.value) === (requirement.operator === "equals");
}

function sortKey(row: ResourceRow, value: (row: ResourceRow) => SortValue): SortKey {
  return { value: value(row), namespace: row.namespace ?? "", name: row.name, uid: row.uid };
}

/** The column in the asked direction, then namespace and name A→Z, then uid: a total order. */
function compareKeys(a: SortKey, b: SortKey, direction: 1 | -1): number {
  return (
    compareValues(a.value, b.value, direction) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.name, b.name) ||
    (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0)
  );
}

/** Empty values sort last in both directions; numbers numerically; text naturally (pod-2 < pod-10). */
function compareValues(a: SortValue, b: SortValue, direction: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return (a - b) * direction;
  return compareText(String(a), String(b)) * direction;
}

/**
 * Natural, case-insensitive order (pod-2 < pod-10 < Pod-11), by character codes otherwise, so
 * non-ASCII text sorts after ASCII. Kubernetes names and label values are ASCII. Hand-written
 * rather than Intl.Collator, which is many times slower, and always a total order, which keyset
 * paging needs (two different strings never compare equal).
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (isDigit(x) && isDigit(y)) {
      const endA = digitsEnd(a, i);
      const endB = digitsEnd(b, j);
      const byNumber = compareDigitRuns(a, i, endA, b, j, endB);
      if (byNumber !== 0) return byNumber;
      i = endA;
      j = endB;
      continue;
    }
    const byChar = lower(x) - lower(y);
    if (byChar !== 0) return byChar;
    i += 1;
    j += 1;
  }
  return a.length - i - (b.length - j) || (a < b ? -1 : 1);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitsEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
  return end;
}

/** Two digit runs by value, without allocating: fewer significant digits is smaller, then digit by digit. */
function compareDigitRuns(a: string, i: number, endA: number, b: string, j: number, endB: number): number {
  while (i < endA - 1 && a.charCodeAt(i) === 48) i += 1;
  while (j < endB - 1 && b.charCodeAt(j) === 48) j += 1;
  const byLength = endA - i - (endB - j);
  if (byLength !== 0) return byLength;
  for (; i < endA; i += 1, j += 1) {
    const byDigit = a.charCodeAt(i) - b.charCodeAt(j);
    if (byDigit !== 0) return byDigit;
  }
  return 0;
}

function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** A token is only good for the query that made it; another filter or sort must start over. */
function queryFingerprint(query: RowQuery, sort: { id: string; direction: string }): string {
  const parts = [
    query.filter?.trim().toLowerCase() ?? "",
    [...(query.namespaces ?? [])].sort().join(","),
    query.labelSelector ? formatLabelSelector(parseLabelSelector(query.labelSelector)) : "",
    query.fieldSelector ? formatFieldSelector(parseFieldSelector(query.fieldSelector)) : "",
    sort.id,
    sort.direction,
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.query, cursor.value, cursor.namespace, cursor.name, cursor.uid])).toString(
    "base64url",
  );
}

function decodeCursor(token: string, fingerprint: string): SortKey {
  const invalid = (why: string) => new AppError("INVALID_INPUT", `continue: ${why}`, "continue");
  if (token.length > MAX_TOKEN_LENGTH) throw invalid("the token is too long");
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid("the token is not one this server issued");
  }
  if (!isCursorTuple(parts)) throw invalid("the token is not one this server issued");
  const [query, value, namespace, name, uid] = parts;
  if (query !== fingerprint)
    throw invalid("the token belongs to a different filter or sort; start from the first page");
  return { value, namespace, name, uid };
}

function isCursorTuple(value: unknown): value is [string, SortValue, string, string, string] {
  return (
    Array.isArray(value) &&
    value.length === 5 &&
    typeof value[0] === "string" &&
    (value[1] === null || typeof value[1] === "string" || typeof value[1] === "number") &&
    value.slice(2).every((part) => typeof part === "string")
  );
}
