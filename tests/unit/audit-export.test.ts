import { describe, expect, it } from "vitest";
import {
  AUDIT_CSV_COLUMNS,
  auditExportFilename,
  auditExportResponse,
  auditRowsToCsv,
  auditRowsToJson,
  csvCell,
  neutraliseFormula,
  quoteCsvField,
} from "@/lib/server/audit/export";
import type { AuditRow } from "@/lib/server/audit/query";

function row(overrides: Partial<AuditRow> = {}): AuditRow {
  return {
    id: "42",
    time: "2026-01-31T12:00:00.000Z",
    actorType: "session",
    actorUserId: "6f1c1d9e-8b9b-4c3c-9d7a-1f2e3d4c5b6a",
    actorEmail: "ada@example.com",
    clusterId: null,
    namespace: null,
    kind: "ApiToken",
    name: "ci",
    action: "token.create",
    summary: "expires 2026-03-02",
    outcome: "success",
    outcomeDetail: null,
    outcomeTime: "2026-01-31T12:00:00.100Z",
    requestId: "req-1",
    ip: "127.0.0.1",
    ...overrides,
  };
}

/** A minimal RFC 4180 reader, to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = "";
  let current: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      current.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      current.push(field);
      rows.push(current);
      current = [];
      field = "";
      index++;
    } else field += char;
  }
  return rows;
}

describe("audit CSV export", () => {
  it("starts with a header row naming every column", () => {
    const csv = auditRowsToCsv([]);
    expect(csv).toBe(`${AUDIT_CSV_COLUMNS.join(",")}\r\n`);
    expect(AUDIT_CSV_COLUMNS).toEqual(
      expect.arrayContaining(["time", "actor_email", "action", "outcome", "request_id", "ip", "summary"]),
    );
  });

  it("quotes commas, quotes and line breaks the RFC 4180 way", () => {
    expect(quoteCsvField("plain")).toBe("plain");
    expect(quoteCsvField("a,b")).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField("line\nbreak")).toBe('"line\nbreak"');
    expect(quoteCsvField("carriage\rreturn")).toBe('"carriage\rreturn"');
  });

  it("uses CRLF between records and round-trips awkward values", () => {
    const awkward = row({ name: 'web, "prod"\nv2', summary: "replicas 3→5" });
    const csv = auditRowsToCsv([awkward, row({ id: "41" })]);
    expect(csv.endsWith("\r\n")).toBe(true);
    const parsed = parseCsv(csv);
    expect(parsed).toHaveLength(3);
    const header = parsed[0]!;
    const first = Object.fromEntries(header.map((column, index) => [column, parsed[1]![index]]));
    expect(first.name).toBe('web, "prod"\nv2');
    expect(first.summary).toBe("replicas 3→5");
    expect(first.actor_email).toBe("ada@example.com");
    expect(first.cluster_id).toBe("");
    expect(parsed[2]![0]).toBe("41");
  });

  it("neutralises spreadsheet formulas in every cell", () => {
    for (const trigger of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(neutraliseFormula(`${trigger}cmd`)).toBe(`'${trigger}cmd`);
    }
    expect(neutraliseFormula("safe=still")).toBe("safe=still");
    expect(neutraliseFormula("")).toBe("");
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell(null)).toBe("");

    const csv = auditRowsToCsv([row({ name: "=1+2", namespace: "@SUM(A1)", summary: "-2+3", actorEmail: "+x@y" })]);
    const [header, values] = parseCsv(csv);
    const cells = Object.fromEntries(header!.map((column, index) => [column, values![index]]));
    expect(cells.name).toBe("'=1+2");
    expect(cells.namespace).toBe("'@SUM(A1)");
    expect(cells.summary).toBe("'-2+3");
    expect(cells.actor_email).toBe("'+x@y");
    for (const cell of values!) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("audit JSON export", () => {
  it("wraps the events with when, which org and which filters", () => {
    const exportedAt = new Date("2026-02-01T08:00:00Z");
    const filters = new URLSearchParams({ action: "token.", actor: "ada" });
    const json = auditRowsToJson([row()], { orgId: "org-1", filters, exportedAt });
    expect(json).toEqual({
      exportedAt: "2026-02-01T08:00:00.000Z",
      orgId: "org-1",
      filters: { action: "token.", actor: "ada" },
      count: 1,
      events: [row()],
    });
    // Values stay as the JSON strings they are: no formula prefix, no CSV quoting.
    const raw = auditRowsToJson([row({ name: "=1+2" })], { orgId: "o", filters, exportedAt });
    expect(raw.events[0]!.name).toBe("=1+2");
  });
});

describe("audit export responses", () => {
  const meta = { orgId: "org-1", filters: new URLSearchParams(), exportedAt: new Date("2026-02-01T23:59:00Z") };

  it("names the file by date", () => {
    expect(auditExportFilename("csv", meta.exportedAt)).toBe("pilothouse-audit-2026-02-01.csv");
    expect(auditExportFilename("json", meta.exportedAt)).toBe("pilothouse-audit-2026-02-01.json");
  });

  it("sends CSV as an attachment that is never cached", async () => {
    const response = auditExportResponse("csv", [row()], meta);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="pilothouse-audit-2026-02-01.csv"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toContain("token.create");
  });

  it("sends JSON as an attachment", async () => {
    const response = auditExportResponse("json", [row()], meta);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="pilothouse-audit-2026-02-01.json"');
    const body = (await response.json()) as { count: number; events: AuditRow[] };
    expect(body.count).toBe(1);
    expect(body.events[0]!.action).toBe("token.create");
  });
});
