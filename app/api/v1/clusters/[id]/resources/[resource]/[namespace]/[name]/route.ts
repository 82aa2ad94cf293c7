import { apiRoute } from "@/lib/server/api/route";
import { getResourceObject } from "@/lib/server/resources/resource-reads";

type Params = { id: string; resource: string; namespace: string; name: string };

/** One object, redacted (no Secret values, no managedFields). `_` is the namespace of cluster-scoped kinds. */
export const GET = apiRoute<Params>(
  "GET /api/v1/clusters/:id/resources/:resource/:namespace/:name",
  async (context, _request, { id, resource, namespace, name }) => ({
    object: await getResourceObject(context, id, resource, namespace === "_" ? undefined : namespace, name),
  }),
);
