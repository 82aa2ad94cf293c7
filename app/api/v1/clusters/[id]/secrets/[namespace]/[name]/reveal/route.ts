import { apiRoute, readJson } from "@/lib/server/api/route";
import { revealInput, revealSecretKey, secretTarget } from "@/lib/server/operations/secrets";

type Params = { id: string; namespace: string; name: string };

/** `{key}`: that key's value, audited by secret and key name. The only response that carries a value. */
export const POST = apiRoute<Params>(
  "POST /api/v1/clusters/:id/secrets/:namespace/:name/reveal",
  async (context, request, params) =>
    revealSecretKey(context, secretTarget(params), await readJson(request, revealInput)),
);
