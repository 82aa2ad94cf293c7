import { apiRoute, readJson } from "@/lib/server/api/route";
import { scaleInput, scaleWorkload, workloadTarget } from "@/lib/server/operations/workload-actions";

type Params = { id: string; kind: string; namespace: string; name: string };

/** `{replicas, resourceVersion?, confirmAutoscaler?}` through the scale subresource. */
export const POST = apiRoute<Params>(
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/scale",
  async (context, request, params) =>
    scaleWorkload(context, workloadTarget(params), await readJson(request, scaleInput)),
);
