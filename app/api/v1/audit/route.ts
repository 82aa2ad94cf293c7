import { AppError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { apiRoute } from "@/lib/server/api/route";
import { auditExportResponse } from "@/lib/server/audit/export";
import { filtersToSearchParams, parseAuditFilters, parseAuditFormat, queryAuditEvents } from "@/lib/server/audit/query";

/**
 * The org's audit log, newest first. Filters: actor, action, cluster, from, to; limit and cursor
 * page through it. Without `format` this is the API's JSON page (`{events, nextCursor}`);
 * `format=csv|json` downloads the same page as a file.
 */
export const GET = apiRoute("GET /api/v1/audit", async (context, request) => {
  const params = new URL(request.url).searchParams;
  const filters = parseAuditFilters(params);
  const format = parseAuditFormat(params);
  if (format && !can(context.role, "audit.export"))
    throw new AppError("FORBIDDEN", `Your role (${context.role}) does not allow exporting the audit log.`);
  const page = await queryAuditEvents(context.orgId, filters);
  if (!format) return page;
  return auditExportResponse(format, page.events, {
    orgId: context.orgId,
    filters: filtersToSearchParams(filters),
    exportedAt: new Date(),
  });
});
