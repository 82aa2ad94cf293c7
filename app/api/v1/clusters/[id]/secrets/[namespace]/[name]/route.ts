import { apiRoute, readJson } from "@/lib/server/api/route";
import { getSecretMetadata, secretTarget, secretWriteInput, writeSecret } from "@/lib/server/operations/secrets";

type Params = { id: string; namespace: string; name: string };

/** Type, key names and sizes; never a value. */
export const GET = apiRoute<Params>(
  "GET /api/v1/clusters/:id/secrets/:namespace/:name",
  async (context, _request, params) => getSecretMetadata(context, secretTarget(params)),
);

/**
 * Create or update from a typed form (`{type, data, removeKeys?, resourceVersion?, create?}`);
 * answers the key names that change. `?dryRun=true` previews it (and a certificate's facts).
 */
export const PUT = apiRoute<Params>(
  "PUT /api/v1/clusters/:id/secrets/:namespace/:name",
  async (context, request, params) =>
    writeSecret(
      context,
      secretTarget(params),
      await readJson(request, secretWriteInput),
      new URL(request.url).searchParams.get("dryRun") === "true",
    ),
);
