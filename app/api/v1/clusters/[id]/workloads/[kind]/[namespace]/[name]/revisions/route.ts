import { apiRoute } from "@/lib/server/api/route";
import { listRevisions } from "@/lib/server/operations/revisions";
import { workloadTarget } from "@/lib/server/operations/workload-actions";

type Params = { id: string; kind: string; namespace: string; name: string };

/** Revision cards, newest first. */
export const GET = apiRoute<Params>(
  "GET /api/v1/clusters/:id/workloads/:kind/:namespace/:name/revisions",
  async (context, _request, params) => ({
    revisions: await listRevisions(context, workloadTarget(params)),
  }),
);
