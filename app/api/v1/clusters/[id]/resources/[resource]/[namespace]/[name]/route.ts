import { apiRoute, readJson } from "@/lib/server/api/route";
import {
  createFromYaml,
  deleteObject,
  deleteQueryFrom,
  manifestInput,
  resourceTarget,
  updateFromYaml,
} from "@/lib/server/operations/resource-yaml";
import { getResourceObject } from "@/lib/server/resources/resource-reads";

type Params = { id: string; resource: string; namespace: string; name: string };

/** One object, redacted (no Secret values, no managedFields). `_` is the namespace of cluster-scoped kinds. */
export const GET = apiRoute<Params>(
  "GET /api/v1/clusters/:id/resources/:resource/:namespace/:name",
  async (context, _request, { id, resource, namespace, name }) => ({
    object: await getResourceObject(context, id, resource, namespace === "_" ? undefined : namespace, name),
  }),
);

/** Update from `{yaml}` (which keeps its resourceVersion); `?dryRun=true` answers the result and the diff only. */
export const PUT = apiRoute<Params>(
  "PUT /api/v1/clusters/:id/resources/:resource/:namespace/:name",
  async (context, request, params) =>
    updateFromYaml(context, resourceTarget(params), await readJson(request, manifestInput), isDryRun(request)),
);

/** Create from `{yaml}`; `?dryRun=true` validates on the apiserver without storing. */
export const POST = apiRoute<Params>(
  "POST /api/v1/clusters/:id/resources/:resource/:namespace/:name",
  async (context, request, params) =>
    createFromYaml(context, resourceTarget(params), await readJson(request, manifestInput), isDryRun(request)),
);

/** Delete; `?resourceVersion=` makes it conditional, `?dryRun=true` only checks. */
export const DELETE = apiRoute<Params>(
  "DELETE /api/v1/clusters/:id/resources/:resource/:namespace/:name",
  async (context, request, params) => {
    const query = deleteQueryFrom(new URL(request.url).searchParams);
    return deleteObject(context, resourceTarget(params), query, isDryRun(request));
  },
);

function isDryRun(request: Request): boolean {
  return new URL(request.url).searchParams.get("dryRun") === "true";
}
