import { apiRoute, readJson } from "@/lib/server/api/route";
import { createOwnToken, listOwnTokens } from "@/lib/server/tokens/api-tokens";
import { createTokenSchema } from "@/lib/validations/tokens";

/** The caller's own tokens in this org: names, prefixes and dates, never a hash or a token. */
export const GET = apiRoute("GET /api/v1/tokens", async (context) => ({
  tokens: await listOwnTokens({ userId: context.actor.userId, orgId: context.orgId }),
}));

/** `{name, expiresInDays?}` (omitted: 30 days; null: never) → 201 with the token, shown this once. */
export const POST = apiRoute("POST /api/v1/tokens", async (context, request) => {
  const input = await readJson(request, createTokenSchema);
  const created = await createOwnToken(context, input);
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});
