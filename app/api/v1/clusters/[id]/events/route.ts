import { apiRoute } from "@/lib/server/api/route";
import { authorizeEventHistory } from "@/lib/server/events/event-access";
import { queryEvents } from "@/lib/server/events/event-history";
import { parseQuery } from "@/lib/server/logs/query-params";
import { eventQuerySchema } from "@/lib/validations/logs";

type Params = { id: string };

/**
 * A cluster's event history (docs/logs.md), newest first: `namespace`, `kind`, `name` (the
 * involved object), `since` (ISO time), `type` (Normal, Warning), `limit` (at most 1000).
 */
export const GET = apiRoute<Params>("GET /api/v1/clusters/:id/events", async (context, request, { id }) => {
  const query = parseQuery(request, eventQuerySchema);
  await authorizeEventHistory(context, id, query.namespace);
  return { events: await queryEvents(id, query) };
});
