import { apiRoute } from "@/lib/server/api/route";
import type { OrgContext } from "@/lib/server/auth/actor";
import { authorizeLogs } from "@/lib/server/logs/log-access";
import { logResponse } from "@/lib/server/logs/log-download";
import { parseQuery } from "@/lib/server/logs/query-params";
import { logQuerySchema } from "@/lib/validations/logs";

type Params = { id: string; namespace: string; name: string };

/**
 * One container's log as plain text (docs/logs.md): `container`, `tailLines`, `sinceSeconds`,
 * `previous`, `timestamps` as kubectl has them; `follow=true` streams for a bounded time.
 */
async function readLog(context: OrgContext, request: Request, { id, namespace, name }: Params) {
  // The cluster first: another org's id is NOT_FOUND exactly like a missing one, whatever the query.
  const access = await authorizeLogs(context, id, namespace, name);
  return logResponse(access, namespace, name, parseQuery(request, logQuerySchema));
}

export const GET = apiRoute<Params>("GET /api/v1/clusters/:id/pods/:namespace/:name/log", readLog);
