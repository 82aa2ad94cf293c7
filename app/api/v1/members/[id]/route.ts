import { apiRoute, readJson } from "@/lib/server/api/route";
import { changeMemberRole, removeMember } from "@/lib/server/orgs/members";
import { serializeMember } from "@/lib/server/orgs/serialize";
import { changeRoleSchema } from "@/lib/validations/members";

type Params = { id: string };

/** `{role}` → the member with their new role. `:id` is the membership id (from GET /api/v1/members). */
export const PATCH = apiRoute<Params>("PATCH /api/v1/members/:id", async (context, request, { id }) => {
  const { role } = await readJson(request, changeRoleSchema);
  return { member: serializeMember(await changeMemberRole(context, id, role)) };
});

/** Remove the member from the org → 204. Their sessions, tokens and sockets for this org stop working. */
export const DELETE = apiRoute<Params>("DELETE /api/v1/members/:id", async (context, _request, { id }) => {
  await removeMember(context, id);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
