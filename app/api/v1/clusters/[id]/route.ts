import { readJson, apiRoute } from "@/lib/server/api/route";
import { deleteCluster, getClusterOrThrow, serializeCluster, updateCluster } from "@/lib/server/clusters/service";
import { updateClusterSchema } from "@/lib/validations/clusters";

type Params = { id: string };

export const GET = apiRoute<Params>("GET /api/v1/clusters/:id", async (context, _request, { id }) => ({
  cluster: serializeCluster(await getClusterOrThrow(context.orgId, id)),
}));

export const PATCH = apiRoute<Params>("PATCH /api/v1/clusters/:id", async (context, request, { id }) => ({
  cluster: await updateCluster(context, id, await readJson(request, updateClusterSchema)),
}));

export const DELETE = apiRoute<Params>("DELETE /api/v1/clusters/:id", async (context, _request, { id }) => {
  await deleteCluster(context, id);
  return new Response(null, { status: 204 });
});
