"use server";

import { defineOrgAction } from "@/lib/server/actions/define-action";
import { createOwnToken, revokeOrgToken, revokeOwnToken } from "@/lib/server/tokens/api-tokens";
import { createTokenSchema, revokeTokenSchema } from "@/lib/validations/tokens";

/** Returns the token once; the page shows it and never again. */
export const createTokenAction = defineOrgAction(
  { permission: "tokens.manage", input: createTokenSchema, audit: "token.create" },
  (context, input) => createOwnToken(context, input),
);

export const revokeTokenAction = defineOrgAction(
  { permission: "tokens.manage", input: revokeTokenSchema, audit: "token.revoke" },
  (context, input) => revokeOwnToken(context, input.id),
);

/** Admins revoke any member's token in this org (settings → API tokens → members' tokens). */
export const revokeMemberTokenAction = defineOrgAction(
  { permission: "tokens.manageOrg", input: revokeTokenSchema, audit: "token.revoke" },
  (context, input) => revokeOrgToken(context, input.id),
);
