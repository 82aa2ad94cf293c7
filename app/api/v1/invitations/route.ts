import { apiRoute, readJson } from "@/lib/server/api/route";
import { createInvitation, listPendingInvitations } from "@/lib/server/orgs/invitations";
import { serializeInvitation } from "@/lib/server/orgs/serialize";
import { createInvitationSchema } from "@/lib/validations/members";

/** Invitations that can still be accepted. Never the link: it exists only in the creation response. */
export const GET = apiRoute("GET /api/v1/invitations", async (context) => ({
  invitations: (await listPendingInvitations(context.orgId)).map(serializeInvitation),
}));

/** `{email, role}` → 201 `{invitation, url}`; the url (single use, 7 days) is shown this once. */
export const POST = apiRoute("POST /api/v1/invitations", async (context, request) => {
  const input = await readJson(request, createInvitationSchema);
  const { invitation, url } = await createInvitation(context, input);
  return Response.json(
    { invitation: serializeInvitation(invitation), url },
    { status: 201, headers: { "Cache-Control": "no-store" } },
  );
});
