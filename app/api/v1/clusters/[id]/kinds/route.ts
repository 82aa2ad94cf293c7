import { apiRoute } from "@/lib/server/api/route";
import { listClusterKinds } from "@/lib/server/resources/resource-reads";

type Params = { id: string };

/** What this cluster serves: built-in kinds at their chosen versions, then CRDs and the rest. */
export const GET = apiRoute<Params>("GET /api/v1/clusters/:id/kinds", async (context, _request, { id }) => ({
  kinds: await listClusterKinds(context, id),
}));
