import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/api/route";
import { revokeOwnToken } from "@/lib/server/tokens/api-tokens";
import { revokeTokenSchema } from "@/lib/validations/tokens";

/** Revoke one of the caller's own tokens; anything else (another user's, another org's) is a 404. */
export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/tokens/:id", async (context, _request, params) => {
  // A malformed id cannot name a token: the same 404 as an unknown one, not a 422 that tells them apart.
  if (!revokeTokenSchema.safeParse(params).success) throw new AppError("NOT_FOUND", "API token not found.");
  return { token: await revokeOwnToken(context, params.id) };
});
