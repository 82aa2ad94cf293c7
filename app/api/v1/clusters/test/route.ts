import { readJson, apiRoute } from "@/lib/server/api/route";
import { testClusterSource } from "@/lib/server/clusters/connection-test";
import { clusterSourceSchema } from "@/lib/validations/clusters";

/** Try a kubeconfig, token or cloud connector before saving it: reachability, version, latency, permissions. Stores nothing. */
export const POST = apiRoute("POST /api/v1/clusters/test", async (context, request) => ({
  result: await testClusterSource(context, await readJson(request, clusterSourceSchema)),
}));
