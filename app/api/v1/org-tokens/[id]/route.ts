import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/api/route";
import { revokeOrgToken } from "@/lib/server/tokens/api-tokens";
import { revokeTokenSchema } from "@/lib/validations/tokens";

/** Admins: revoke any member's token in this org; another org's token is a 404 like a missing one. */
export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/org-tokens/:id", async (context, _request, params) => {
  if (!revokeTokenSchema.safeParse(params).success) throw new AppError("NOT_FOUND", "API token not found.");
  return { token: await revokeOrgToken(context, params.id) };
});
