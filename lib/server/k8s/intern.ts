import type { CellValue, ResourceRow } from "@/lib/resources/types";

/** Strings and objects longer than this are rarely repeated; pooling them would cost, not save. */
const MAX_TEXT = 64;
const MAX_OBJECT_JSON = 512;

/**
 * One copy of what repeats across a view's rows: 10k pods of one Deployment share a namespace,
 * a node, "Running", "1/1", one owner and one label set, yet JSON.parse gives each row its own
 * copies. Rows are never mutated after projection, so sharing is safe; shared objects are frozen
 * to keep it so. Bounded: at most `capacity` strings and `capacity` objects, after which only
 * what is already pooled is shared (docs/realtime.md, "Rows, not objects").
 */
export class RowInterner {
  private readonly texts = new Map<string, string>();
  private readonly objects = new Map<string, object>();

  constructor(private readonly capacity = 4096) {}

  row(row: ResourceRow): ResourceRow {
    return {
      ...row,
      ...(row.namespace !== undefined && { namespace: this.text(row.namespace) }),
      createdAt: row.createdAt === null ? null : this.text(row.createdAt),
      ...(row.labels && { labels: this.shared(row.labels) }),
      ...(row.owner && { owner: this.shared(row.owner) }),
      cells: this.cells(row.cells),
      status: this.shared(row.status),
    };
  }

  private cells(cells: ResourceRow["cells"]): Record<string, CellValue> {
    const pooled: Record<string, CellValue> = {};
    for (const [key, value] of Object.entries(cells)) {
      pooled[key] = typeof value === "string" ? this.text(value) : Array.isArray(value) ? this.shared(value) : value;
    }
    return pooled;
  }

  private text(value: string): string {
    if (value.length > MAX_TEXT) return value;
    const known = this.texts.get(value);
    if (known !== undefined) return known;
    if (this.texts.size < this.capacity) this.texts.set(value, value);
    return value;
  }

  private shared<T extends object>(value: T): T {
    const key = JSON.stringify(value);
    if (key.length > MAX_OBJECT_JSON) return value;
    const known = this.objects.get(key);
    if (known !== undefined) return known as T;
    if (this.objects.size < this.capacity) this.objects.set(key, Object.freeze(value));
    return value;
  }
}
