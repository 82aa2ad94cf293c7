import { apiRoute, readJson } from "@/lib/server/api/route";
import { imageInput, setImage, workloadTarget } from "@/lib/server/operations/workload-actions";

type Params = { id: string; kind: string; namespace: string; name: string };

/** As `kubectl set image`: `{container, image, resourceVersion?}`. */
export const POST = apiRoute<Params>(
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/image",
  async (context, request, params) => setImage(context, workloadTarget(params), await readJson(request, imageInput)),
);
