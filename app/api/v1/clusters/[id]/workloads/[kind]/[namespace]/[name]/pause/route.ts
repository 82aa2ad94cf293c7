import { apiRoute, readJson } from "@/lib/server/api/route";
import { restartInput, setPaused, workloadTarget } from "@/lib/server/operations/workload-actions";

type Params = { id: string; kind: string; namespace: string; name: string };

/** A Deployment's rollout, paused; the body (`{resourceVersion?}`) may be left out. */
export const POST = apiRoute<Params>(
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/pause",
  async (context, request, params) =>
    setPaused(context, workloadTarget(params), true, await readJson(request, restartInput, { emptyAs: {} })),
);
