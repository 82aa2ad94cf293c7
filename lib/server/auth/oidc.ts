/**
 * An optional OIDC provider, configured entirely by environment. Any standards-compliant issuer
 * works (Keycloak, Dex, Okta, Entra ID, Google Workspace...).
 */
export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  /** Refuse identities whose email the IdP has not marked verified (on unless set to "false"). */
  requireVerifiedEmail: boolean;
};

export function readOidcSettings(environment: Record<string, string | undefined> = process.env): OidcSettings | null {
  const issuer = environment.PILOTHOUSE_OIDC_ISSUER;
  const clientId = environment.PILOTHOUSE_OIDC_CLIENT_ID;
  const clientSecret = environment.PILOTHOUSE_OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return null;
  return {
    issuer,
    clientId,
    clientSecret,
    name: environment.PILOTHOUSE_OIDC_NAME || "Single sign-on",
    requireVerifiedEmail: environment.PILOTHOUSE_OIDC_REQUIRE_VERIFIED_EMAIL !== "false",
  };
}

/**
 * Why an IdP identity is refused, or null. Users are keyed by email (invitations are addressed
 * to it), so the IdP must say the address is verified (`email_verified: true`), unless the
 * operator opted out (PILOTHOUSE_OIDC_REQUIRE_VERIFIED_EMAIL=false) for an IdP that only ever
 * issues addresses it controls and never sends the claim (docs/oidc.md).
 */
export function singleSignOnRefusal(
  profile: { email?: unknown; email_verified?: unknown } | undefined,
  settings: Pick<OidcSettings, "requireVerifiedEmail">,
): string | null {
  if (typeof profile?.email !== "string" || profile.email.trim() === "") {
    return "the identity provider sent no email address";
  }
  const verified = profile.email_verified;
  if (settings.requireVerifiedEmail && verified !== true && verified !== "true") {
    return "the identity provider has not verified this email address (email_verified is not true)";
  }
  return null;
}
