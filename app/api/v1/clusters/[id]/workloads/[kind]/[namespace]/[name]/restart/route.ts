import { apiRoute, readJson } from "@/lib/server/api/route";
import { restartInput, restartWorkload, workloadTarget } from "@/lib/server/operations/workload-actions";

type Params = { id: string; kind: string; namespace: string; name: string };

/** As `kubectl rollout restart`; the body (`{resourceVersion?}`) may be left out. */
export const POST = apiRoute<Params>(
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/restart",
  async (context, request, params) =>
    restartWorkload(context, workloadTarget(params), await readJson(request, restartInput, { emptyAs: {} })),
);
