import { readJson, apiRoute } from "@/lib/server/api/route";
import { addCluster, listClusters } from "@/lib/server/clusters/service";
import { addClusterSchema } from "@/lib/validations/clusters";

export const GET = apiRoute("GET /api/v1/clusters", async (context) => ({
  clusters: await listClusters(context.orgId),
}));

export const POST = apiRoute("POST /api/v1/clusters", async (context, request) => {
  const input = await readJson(request, addClusterSchema);
  const cluster = await addCluster(context, input, { allowDuplicate: input.allowDuplicate });
  return Response.json({ cluster }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
