import { apiRoute } from "@/lib/server/api/route";
import { listMembers } from "@/lib/server/orgs/members";
import { serializeMember } from "@/lib/server/orgs/serialize";

/** Everyone in the caller's org: name, email, role and when they joined. */
export const GET = apiRoute("GET /api/v1/members", async (context) => ({
  members: (await listMembers(context.orgId)).map(serializeMember),
}));
