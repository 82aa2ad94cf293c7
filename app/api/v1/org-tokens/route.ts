import { apiRoute } from "@/lib/server/api/route";
import { listOrgTokens } from "@/lib/server/tokens/api-tokens";

/** Admins: every member's live API tokens in this org, with their owner; never a hash or a token. */
export const GET = apiRoute("GET /api/v1/org-tokens", async (context) => ({
  tokens: await listOrgTokens(context.orgId),
}));
