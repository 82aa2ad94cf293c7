/**
 * Column builders. A column reads one cell (by its id) and turns it into a plain value to sort
 * and filter by; how the cell renders is the view's business (docs/kinds.md).
 */
import { parseQuantity } from "./quantity";
import type { CellValue, ColumnSpec, ColumnType, ResourceRow } from "./types";

type Options = { secondary?: boolean };

function cellColumn(
  type: ColumnType,
  id: string,
  title: string,
  toValue: (cell: CellValue | undefined) => string | number | null,
  options: Options = {},
): ColumnSpec {
  return { id, title, type, value: (row: ResourceRow) => toValue(row.cells[id]), ...options };
}

function textOf(cell: CellValue | undefined): string | null {
  if (cell === undefined || cell === null) return null;
  return Array.isArray(cell) ? cell.join(" ") : String(cell);
}

function numberOf(cell: CellValue | undefined): number | null {
  return typeof cell === "number" ? cell : null;
}

/** "3/5" sorts as 0.6; "0/0" (nothing wanted) as complete. */
export function ratioValue(cell: CellValue | undefined): number | null {
  const match = typeof cell === "string" ? /^(\d+)\/(\d+)/.exec(cell) : null;
  if (!match) return null;
  const [part, whole] = [Number(match[1]), Number(match[2])];
  return whole === 0 ? 1 : part / whole;
}

/** An ISO time as epoch milliseconds, so ages sort as numbers. */
export function timeValue(cell: CellValue | undefined | string | null): number | null {
  if (typeof cell !== "string") return null;
  const time = Date.parse(cell);
  return Number.isNaN(time) ? null : time;
}

export const column = {
  text: (id: string, title: string, options?: Options) => cellColumn("text", id, title, textOf, options),
  number: (id: string, title: string, options?: Options) => cellColumn("number", id, title, numberOf, options),
  ratio: (id: string, title: string, options?: Options) => cellColumn("ratio", id, title, ratioValue, options),
  list: (id: string, title: string, options?: Options) => cellColumn("list", id, title, textOf, options),
  quantity: (id: string, title: string, options?: Options) =>
    cellColumn("quantity", id, title, (cell) => parseQuantity(cell), options),
  /** A time cell (ISO) shown as an age, e.g. "last seen". */
  age: (id: string, title: string, options?: Options) => cellColumn("age", id, title, timeValue, options),
  /** The row's status label, from the kind's status(). */
  status: (title = "Status", options?: Options): ColumnSpec => ({
    id: "status",
    title,
    type: "status",
    value: (row) => row.status.label,
    ...options,
  }),
};

/** Columns every kind has: name first, namespace when namespaced, age last. */
export const nameColumn: ColumnSpec = { id: "name", title: "Name", type: "text", value: (row) => row.name };
export const namespaceColumn: ColumnSpec = {
  id: "namespace",
  title: "Namespace",
  type: "text",
  value: (row) => row.namespace ?? null,
};
export const ageColumn: ColumnSpec = { id: "age", title: "Age", type: "age", value: (row) => timeValue(row.createdAt) };
