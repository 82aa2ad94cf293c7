import type { Metadata } from "next";
import Link from "next/link";
import { type AuditFilterChoices, AuditFilters, type AuditFilterValues } from "@/components/audit/audit-filters";
import { AuditForbidden } from "@/components/audit/audit-forbidden";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/shell/page-header";
import { buttonClassName } from "@/components/ui";
import { AppError } from "@/lib/errors";
import { can, denialReason } from "@/lib/permissions";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { listClusters } from "@/lib/server/clusters/service";
import { listMembers } from "@/lib/server/orgs/members";
import {
  AUDIT_MAX_LIMIT,
  type AuditFilters as Filters,
  filtersToSearchParams,
  parseAuditFilters,
  queryAuditEvents,
} from "@/lib/server/audit/query";

export const metadata: Metadata = { title: "Audit" };

type SearchParams = Record<string, string | string[] | undefined>;

const DESCRIPTION = "Every action taken through Pilothouse: who, what, when and the outcome.";

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireOrgViewer();
  if (!can(viewer.role, "audit.view")) {
    return (
      <>
        <PageHeader title="Audit" description={DESCRIPTION} />
        <AuditForbidden reason={denialReason("audit.view")} role={viewer.role} />
      </>
    );
  }
  const params = await searchParams;
  const [clusters, members] = await Promise.all([listClusters(viewer.org.id), listMembers(viewer.org.id)]);
  const choices: AuditFilterChoices = {
    clusters: clusters.map(({ id, name }) => ({ id, name })),
    actors: members.map((member) => member.user.email),
  };
  let filters: Filters;
  try {
    filters = parseAuditFilters(params);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <>
        <PageHeader title="Audit" description={DESCRIPTION} />
        <AuditFilters values={rawValues(params)} choices={choices} />
        <p role="alert" data-testid="audit-filter-error" className="mt-4 text-sm text-danger">
          <span className="font-medium">Filter:</span> {error.message}
        </p>
      </>
    );
  }
  const page = await queryAuditEvents(viewer.org.id, filters);
  const query = filtersToSearchParams(filters);
  const canExport = can(viewer.role, "audit.export");
  return (
    <>
      <PageHeader title="Audit" description={DESCRIPTION} actions={canExport ? <ExportLinks query={query} /> : null} />
      <div className="flex flex-col gap-4">
        <AuditFilters values={formValues(filters)} choices={choices} />
        <AuditTable
          rows={page.events}
          filtered={query.size > 0 || Boolean(filters.cursor)}
          clusterNames={Object.fromEntries(choices.clusters.map((cluster) => [cluster.id, cluster.name]))}
        />
        <Pagination query={query} cursor={filters.cursor} nextCursor={page.nextCursor} />
      </div>
    </>
  );
}

function ExportLinks({ query }: { query: URLSearchParams }) {
  const href = (format: string) => {
    const params = new URLSearchParams(query);
    params.set("format", format);
    params.set("limit", String(AUDIT_MAX_LIMIT));
    return `/api/v1/audit?${params}`;
  };
  return (
    <>
      {/* Plain links to a download: prefetching would run the export on hover. */}
      <a
        href={href("csv")}
        download
        data-testid="audit-export-csv"
        className={buttonClassName({ variant: "secondary" })}
      >
        Export CSV
      </a>
      <a
        href={href("json")}
        download
        data-testid="audit-export-json"
        className={buttonClassName({ variant: "secondary" })}
      >
        Export JSON
      </a>
    </>
  );
}

function Pagination({
  query,
  cursor,
  nextCursor,
}: {
  query: URLSearchParams;
  cursor?: string;
  nextCursor: string | null;
}) {
  if (!cursor && !nextCursor) return null;
  const older = new URLSearchParams(query);
  if (nextCursor) older.set("cursor", nextCursor);
  return (
    <nav aria-label="Audit pages" className="flex flex-wrap items-center justify-between gap-2">
      {cursor ? (
        <Link href={`/audit?${query}`} data-testid="audit-newest" className={buttonClassName({ variant: "ghost" })}>
          ← Newest
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link href={`/audit?${older}`} data-testid="audit-older" className={buttonClassName({ variant: "secondary" })}>
          Older →
        </Link>
      ) : (
        <span className="text-sm text-text-muted">No older events.</span>
      )}
    </nav>
  );
}

/** The form shows times as <input type="datetime-local"> wants them: UTC, no zone, to the minute. */
function formValues(filters: Filters): AuditFilterValues {
  return {
    actor: filters.actor ?? "",
    action: filters.action ?? "",
    cluster: filters.cluster ?? "",
    object: filters.object ?? "",
    since: filters.since ?? "",
    from: filters.from && !filters.since ? filters.from.toISOString().slice(0, 16) : "",
    to: filters.to ? filters.to.toISOString().slice(0, 16) : "",
  };
}

function rawValues(params: SearchParams): AuditFilterValues {
  const read = (name: string) => {
    const value = params[name];
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
  return {
    actor: read("actor"),
    action: read("action"),
    cluster: read("cluster"),
    object: read("object"),
    since: read("since"),
    from: read("from"),
    to: read("to"),
  };
}
