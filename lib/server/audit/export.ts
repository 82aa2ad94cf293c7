import type { AuditFormat, AuditRow } from "./query";

/** CSV columns, in order; the header row uses these names. */
export const AUDIT_CSV_COLUMNS = [
  "id",
  "time",
  "actor_type",
  "actor_user_id",
  "actor_email",
  "action",
  "cluster_id",
  "namespace",
  "kind",
  "name",
  "summary",
  "outcome",
  "outcome_detail",
  "outcome_time",
  "request_id",
  "ip",
] as const;

const FIELD_OF: Record<(typeof AUDIT_CSV_COLUMNS)[number], keyof AuditRow> = {
  id: "id",
  time: "time",
  actor_type: "actorType",
  actor_user_id: "actorUserId",
  actor_email: "actorEmail",
  action: "action",
  cluster_id: "clusterId",
  namespace: "namespace",
  kind: "kind",
  name: "name",
  summary: "summary",
  outcome: "outcome",
  outcome_detail: "outcomeDetail",
  outcome_time: "outcomeTime",
  request_id: "requestId",
  ip: "ip",
};

// Spreadsheets run a cell starting with these as a formula (`=HYPERLINK(...)` in a resource
// name is enough). Tab and carriage return are on OWASP's list too.
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** A cell that a spreadsheet shows as text: formula triggers get a leading single quote. */
export function neutraliseFormula(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]!) ? `'${value}` : value;
}

/** RFC 4180: quote a field holding a quote, comma, CR or LF; double the quotes inside. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvCell(value: string | null | undefined): string {
  return quoteCsvField(neutraliseFormula(value ?? ""));
}

/** Header row plus one row per event, CRLF line breaks (RFC 4180), ending with a line break. */
export function auditRowsToCsv(rows: readonly AuditRow[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(",")];
  for (const row of rows) lines.push(AUDIT_CSV_COLUMNS.map((column) => csvCell(row[FIELD_OF[column]])).join(","));
  return lines.join("\r\n") + "\r\n";
}

export type AuditJsonExport = {
  exportedAt: string;
  orgId: string;
  filters: Record<string, string>;
  count: number;
  events: AuditRow[];
};

export function auditRowsToJson(
  rows: readonly AuditRow[],
  meta: { orgId: string; filters: URLSearchParams; exportedAt: Date },
): AuditJsonExport {
  return {
    exportedAt: meta.exportedAt.toISOString(),
    orgId: meta.orgId,
    filters: Object.fromEntries(meta.filters),
    count: rows.length,
    events: [...rows],
  };
}

/** `pilothouse-audit-2026-01-31.csv`: the date the export was taken (UTC). */
export function auditExportFilename(format: AuditFormat, now: Date): string {
  return `pilothouse-audit-${now.toISOString().slice(0, 10)}.${format}`;
}

/** The download response for an export: attachment, never cached, never sniffed. */
export function auditExportResponse(
  format: AuditFormat,
  rows: readonly AuditRow[],
  meta: { orgId: string; filters: URLSearchParams; exportedAt: Date },
): Response {
  const body = format === "csv" ? auditRowsToCsv(rows) : JSON.stringify(auditRowsToJson(rows, meta), null, 2) + "\n";
  return new Response(body, {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${auditExportFilename(format, meta.exportedAt)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
