import { z } from "zod";

/** Shared by the forms (client-side hints) and the server (the real check). */
export const emailSchema = z.string().trim().toLowerCase().email("must be an email address").max(254);
export const passwordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(256, "must be at most 256 characters");
export const orgNameSchema = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(80, "must be at most 80 characters");
export const personNameSchema = z.string().trim().min(1, "is required").max(80, "must be at most 80 characters");

export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  /** Absent when signing up to accept an invitation: the invitation names the org. */
  orgName: orgNameSchema.optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1, "is required").max(256) });

export const createOrgSchema = z.object({ name: orgNameSchema });
