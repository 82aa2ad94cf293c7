import { apiRoute, readJson } from "@/lib/server/api/route";
import { rollbackInput, rollbackWorkload } from "@/lib/server/operations/revisions";
import { workloadTarget } from "@/lib/server/operations/workload-actions";

type Params = { id: string; kind: string; namespace: string; name: string };

/** `{toRevision, dryRun?, resourceVersion?}`: idempotent; a change made meanwhile is 409 CONFLICT. */
export const POST = apiRoute<Params>(
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/rollback",
  async (context, request, params) =>
    rollbackWorkload(context, workloadTarget(params), await readJson(request, rollbackInput)),
);
