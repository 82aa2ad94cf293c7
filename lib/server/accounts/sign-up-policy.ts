import { hashSecret } from "../auth/secret-tokens";
import { getConfig, type SignUpPolicy } from "../config/env";
import { getDb } from "../db/client";

/**
 * Who may create an account (PILOTHOUSE_SIGNUP, docs/decisions/0073-sign-up-policy.md): `open`,
 * `invite-only` (a pending invitation for the email: its link, or its email when an identity
 * provider vouches for it) or `closed` (accounts come from the CLI). The first account of a
 * fresh install is always allowed: someone has to own the first organization.
 */
export type SignUpDecision =
  { allowed: true; firstAccount: boolean } | { allowed: false; policy: Exclude<SignUpPolicy, "open">; message: string };

export type SignUpRequest = {
  email?: string;
  /** An invitation link's token, when signing up through one. */
  invite?: string;
  /** The identity provider confirmed the email (OIDC): a pending invitation by email counts. */
  emailVerifiedByIdp?: boolean;
};

export async function decideSignUp(request: SignUpRequest, policy = getConfig().signUpPolicy): Promise<SignUpDecision> {
  if ((await getDb().user.findFirst({ select: { id: true } })) === null) return { allowed: true, firstAccount: true };
  if (policy === "open") return { allowed: true, firstAccount: false };
  if (policy === "closed") return { allowed: false, policy, message: CLOSED_MESSAGE };
  if (await hasPendingInvitation(request)) return { allowed: true, firstAccount: false };
  return { allowed: false, policy, message: INVITE_ONLY_MESSAGE };
}

export const INVITE_ONLY_MESSAGE =
  "Accounts on this Pilothouse are by invitation. Ask someone in your team to invite your email address, then open the link they send you.";
export const CLOSED_MESSAGE =
  "New accounts on this Pilothouse are created by its operator. Ask them for an account; if you already have one, sign in.";

async function hasPendingInvitation({ email, invite, emailVerifiedByIdp }: SignUpRequest) {
  const pending = { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } };
  const address = email?.trim().toLowerCase();
  if (invite && address) {
    // The link must be addressed to the email signing up: a link cannot be lent to a stranger.
    const byLink = await getDb().invitation.count({
      where: { tokenHash: hashSecret(invite), email: address, ...pending },
    });
    if (byLink > 0) return true;
  }
  if (!emailVerifiedByIdp || !address) return false;
  return (await getDb().invitation.count({ where: { email: address, ...pending } })) > 0;
}
