import { z } from "zod";

export const TOKEN_NAME_MAX_LENGTH = 80;
export const TOKEN_MAX_EXPIRY_DAYS = 365;
/** Omitting the expiry gives this; never-expiring tokens must be asked for explicitly (null). */
export const TOKEN_DEFAULT_EXPIRY_DAYS = 30;
/** The choices the settings form offers; the API accepts any whole number of days in range. */
export const TOKEN_EXPIRY_CHOICES = [7, 30, 90, 365] as const;

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(TOKEN_NAME_MAX_LENGTH, `must be at most ${TOKEN_NAME_MAX_LENGTH} characters`);

export const createTokenSchema = z.object({
  name: tokenNameSchema,
  /** Days until the token stops working; null for never. */
  expiresInDays: z
    .number("must be a whole number of days or null")
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(TOKEN_MAX_EXPIRY_DAYS, `must be at most ${TOKEN_MAX_EXPIRY_DAYS} days`)
    .nullable()
    .default(TOKEN_DEFAULT_EXPIRY_DAYS),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const revokeTokenSchema = z.object({ id: z.uuid("must be a token id") });
