import { apiRoute } from "@/lib/server/api/route";
import { listParamsFrom, listResourceRows } from "@/lib/server/resources/resource-reads";

type Params = { id: string; resource: string };

/** Rows of one resource, filtered, sorted and paged on the server from the live view's cache. */
export const GET = apiRoute<Params>("GET /api/v1/clusters/:id/resources/:resource", async (context, request, params) =>
  listResourceRows(context, params.id, params.resource, listParamsFrom(new URL(request.url))),
);
