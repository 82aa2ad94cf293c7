import { z } from "zod";
import { ROLES } from "@/lib/permissions";
import { emailSchema } from "./accounts";

/** Shared by the members and invitations forms (client-side hints) and the server (the real check). */
export const roleSchema = z.enum(ROLES, { error: "must be one of owner, admin, editor, viewer" });

export const changeRoleSchema = z.object({ role: roleSchema });
export const changeMemberRoleSchema = z.object({ membershipId: z.uuid("must be a member id"), role: roleSchema });
export const removeMemberSchema = z.object({ membershipId: z.uuid("must be a member id") });

export const createInvitationSchema = z.object({
  email: emailSchema,
  role: roleSchema,
  /** Replace a pending invitation for the same email (its link stops working); without it, a 409 asks first. */
  replace: z.boolean().optional(),
});
export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;
export const revokeInvitationSchema = z.object({ invitationId: z.uuid("must be an invitation id") });
/** Invitation tokens are 32 random bytes in base64url: 43 characters. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "is not a valid invitation link");
export const acceptInvitationSchema = z.object({ token: invitationTokenSchema });
export const joinInvitationSchema = z.object({ invitationId: z.uuid("must be an invitation id") });

export const switchOrgSchema = z.object({ orgId: z.uuid("must be an organization id") });
