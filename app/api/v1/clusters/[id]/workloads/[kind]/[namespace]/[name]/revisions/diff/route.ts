import { apiRoute } from "@/lib/server/api/route";
import { diffRevisions } from "@/lib/server/operations/revisions";
import { workloadTarget } from "@/lib/server/operations/workload-actions";

type Params = { id: string; kind: string; namespace: string; name: string };

/** `?from=&to=`: the structured changes and the pod template's YAML diff. */
export const GET = apiRoute<Params>(
  "GET /api/v1/clusters/:id/workloads/:kind/:namespace/:name/revisions/diff",
  async (context, request, params) => diffRevisions(context, workloadTarget(params), new URL(request.url).searchParams),
);
