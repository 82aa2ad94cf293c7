import { AUDIT_SINCE_PRESETS, type AuditSince } from "@/lib/audit-actions";
import type { AuditRow } from "@/lib/wire/audit";
import { isUuid } from "../db/ids";
import { AppError } from "@/lib/errors";
import type { Prisma } from "../db/generated/client";
import { getDb } from "../db/client";

export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 1000;
export const AUDIT_FORMATS = ["json", "csv"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export type AuditFilters = {
  /** An email substring (case-insensitive) or an exact user id. */
  actor?: string;
  /** An exact action (`member.remove`) or a prefix ending in `.` or `*` (`member.`, `member.*`). */
  action?: string;
  cluster?: string;
  /** An object: `name` or `namespace/name` (exact). */
  object?: string;
  /** A preset window ending now (`1h`, `24h`, `7d`, `30d`); sets `from` when `from` is not given. */
  since?: AuditSince;
  from?: Date;
  to?: Date;
  limit: number;
  /** Exclusive: rows older than this event id (the previous page's `nextCursor`). */
  cursor?: string;
};

export type { AuditOutcomeLabel, AuditRow } from "@/lib/wire/audit";

export type AuditPage = { events: AuditRow[]; nextCursor: string | null };

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

const FILTER_MAX_LENGTH = 254;

/**
 * Filters from a query string (API) or a page's searchParams. Bad values are a 422 naming the
 * parameter; empty values mean "no filter", which is what an untouched form field submits.
 */
export function parseAuditFilters(params: ParamSource): AuditFilters {
  const read = (name: string) => readParam(params, name);
  const actor = text(read("actor"), "actor");
  const action = text(read("action"), "action");
  const cluster = read("cluster");
  const object = text(read("object"), "object");
  if (cluster !== undefined && !isUuid(cluster)) throw invalid("cluster", "must be a cluster id");
  const since = sinceOf(read("since"));
  const explicitFrom = time(read("from"), "from");
  const from = explicitFrom ?? (since ? new Date(Date.now() - AUDIT_SINCE_PRESETS[since]) : undefined);
  const to = time(read("to"), "to");
  if (from && to && from > to) throw invalid("from", "must not be later than to");
  return {
    actor,
    action,
    cluster,
    ...(object && { object }),
    ...(since && !explicitFrom && { since }),
    from,
    to,
    limit: limit(read("limit")),
    cursor: cursor(read("cursor")),
  };
}

export function parseAuditFormat(params: ParamSource): AuditFormat | undefined {
  const value = readParam(params, "format");
  if (value === undefined) return undefined;
  if (!(AUDIT_FORMATS as readonly string[]).includes(value)) throw invalid("format", "must be json or csv");
  return value as AuditFormat;
}

/** The org's events matching the filters, newest first, one page at a time. */
export async function queryAuditEvents(orgId: string, filters: AuditFilters): Promise<AuditPage> {
  const rows = await getDb().auditEvent.findMany({
    where: whereOf(orgId, filters),
    orderBy: { id: "desc" },
    take: filters.limit + 1,
    include: { outcome: true },
  });
  const page = rows.slice(0, filters.limit);
  const nextCursor = rows.length > filters.limit ? String(page[page.length - 1]!.id) : null;
  return { events: page.map(toRow), nextCursor };
}

/** The same filters as query-string pairs (without cursor), for export links and "older" links. */
export function filtersToSearchParams(filters: Partial<AuditFilters>): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.actor) params.set("actor", filters.actor);
  if (filters.action) params.set("action", filters.action);
  if (filters.cluster) params.set("cluster", filters.cluster);
  if (filters.object) params.set("object", filters.object);
  // A preset stays relative in links ("the last 24 hours" tomorrow too); exports are fixed by their own time.
  if (filters.since) params.set("since", filters.since);
  else if (filters.from) params.set("from", filters.from.toISOString());
  if (filters.to) params.set("to", filters.to.toISOString());
  if (filters.limit && filters.limit !== AUDIT_DEFAULT_LIMIT) params.set("limit", String(filters.limit));
  return params;
}

function whereOf(orgId: string, filters: AuditFilters): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = { orgId };
  if (filters.actor) {
    where.OR = isUuid(filters.actor)
      ? [{ actorUserId: filters.actor.toLowerCase() }, { actorEmail: { contains: filters.actor, mode: "insensitive" } }]
      : [{ actorEmail: { contains: filters.actor, mode: "insensitive" } }];
  }
  if (filters.action) {
    const prefix = /[.*]$/.test(filters.action) ? filters.action.replace(/\*$/, "") : null;
    where.action = prefix ? { startsWith: prefix } : filters.action;
  }
  if (filters.cluster) where.clusterId = filters.cluster.toLowerCase();
  if (filters.object) {
    const [namespace, name] = filters.object.includes("/") ? filters.object.split("/", 2) : [undefined, filters.object];
    where.name = name;
    if (namespace) where.namespace = namespace;
  }
  if (filters.from || filters.to) where.time = { gte: filters.from, lte: filters.to };
  if (filters.cursor) where.id = { lt: BigInt(filters.cursor) };
  return where;
}

type EventWithOutcome = Prisma.AuditEventGetPayload<{ include: { outcome: true } }>;

function toRow(event: EventWithOutcome): AuditRow {
  return {
    id: String(event.id),
    time: event.time.toISOString(),
    actorType: event.actorType,
    actorUserId: event.actorUserId,
    actorEmail: event.actorEmail,
    clusterId: event.clusterId,
    namespace: event.namespace,
    kind: event.kind,
    name: event.name,
    action: event.action,
    summary: event.summary,
    outcome: event.outcome?.outcome ?? "pending",
    outcomeDetail: event.outcome?.detail ?? null,
    outcomeTime: event.outcome?.time.toISOString() ?? null,
    requestId: event.requestId,
    ip: event.ip,
  };
}

function readParam(params: ParamSource, name: string): string | undefined {
  const raw = params instanceof URLSearchParams ? params.get(name) : params[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value : undefined;
}

function text(value: string | undefined, name: string) {
  if (value !== undefined && value.length > FILTER_MAX_LENGTH)
    throw invalid(name, `must be at most ${FILTER_MAX_LENGTH} characters`);
  return value;
}

/**
 * ISO 8601. A value without a zone (what <input type="datetime-local"> submits) is read as UTC,
 * the zone the page shows times in, rather than whatever zone the server happens to run in.
 */
function time(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value))
    throw invalid(name, "must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z");
  const normalized = value.replace(" ", "T");
  const parsed = new Date(
    normalized.includes("T") && !/(Z|[+-]\d{2}:?\d{2})$/i.test(normalized) ? `${normalized}Z` : normalized,
  );
  if (Number.isNaN(parsed.getTime())) throw invalid(name, "must be a valid time");
  return parsed;
}

function sinceOf(value: string | undefined): AuditSince | undefined {
  if (value === undefined) return undefined;
  if (!Object.hasOwn(AUDIT_SINCE_PRESETS, value))
    throw invalid("since", `must be one of ${Object.keys(AUDIT_SINCE_PRESETS).join(", ")}`);
  return value as AuditSince;
}

function limit(value: string | undefined): number {
  if (value === undefined) return AUDIT_DEFAULT_LIMIT;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < 1 || parsed > AUDIT_MAX_LIMIT)
    throw invalid("limit", `must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`);
  return parsed;
}

function cursor(value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{1,18}$/.test(value))
    throw invalid("cursor", "must be a cursor from a previous page");
  return value;
}

function invalid(name: string, message: string) {
  return new AppError("INVALID_INPUT", `${name}: ${message}`, name);
}
