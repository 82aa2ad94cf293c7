import { apiRoute } from "@/lib/server/api/route";
import { getClusterOrThrow } from "@/lib/server/clusters/service";
import { parseQuery } from "@/lib/server/logs/query-params";
import { getTimeline } from "@/lib/server/timeline/timeline";
import { timelineQuerySchema } from "@/lib/timeline/types";

type Params = { id: string };

/**
 * One workload's or pod's timeline (docs/logs.md, Timeline): `kind`, `namespace`, `name`, and
 * `since` (1h, 6h, 24h, 7d or an ISO time; 24h when left out). Events, audited actions and
 * rollout revisions, oldest first.
 */
export const GET = apiRoute<Params>("GET /api/v1/clusters/:id/timeline", async (context, request, { id }) => {
  // The cluster first: another org's id is NOT_FOUND exactly like a missing one, whatever the query.
  await getClusterOrThrow(context.orgId, id);
  return getTimeline(context, id, parseQuery(request, timelineQuerySchema));
});
