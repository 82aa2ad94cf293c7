import { apiRoute } from "@/lib/server/api/route";
import { revokeInvitation } from "@/lib/server/orgs/invitations";
import { serializeInvitation } from "@/lib/server/orgs/serialize";

type Params = { id: string };

/** Revoke: the link stops working. Revoking an already revoked invitation is harmless. */
export const DELETE = apiRoute<Params>("DELETE /api/v1/invitations/:id", async (context, _request, { id }) => ({
  invitation: serializeInvitation(await revokeInvitation(context, id)),
}));
