import { apiRoute } from "@/lib/server/api/route";
import type { OrgContext } from "@/lib/server/auth/actor";
import { authorizeLogs } from "@/lib/server/logs/log-access";
import { podContainers, readPod } from "@/lib/server/logs/pod-containers";

type Params = { id: string; namespace: string; name: string };

/**
 * The log viewer's container picker (docs/logs.md): every container of the pod, init and
 * ephemeral included, with its state, read as the acting identity once it may read the pod's logs.
 */
async function listContainers(context: OrgContext, _request: Request, { id, namespace, name }: Params) {
  const access = await authorizeLogs(context, id, namespace, name);
  const pod = await readPod(access.connection, access.impersonate, namespace, name);
  return { containers: podContainers(pod) };
}

export const GET = apiRoute<Params>("GET /api/v1/clusters/:id/pods/:namespace/:name/containers", listContainers);
