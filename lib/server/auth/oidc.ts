/**
 * An optional OIDC provider, configured entirely by environment. Any standards-compliant issuer
 * works (Keycloak, Dex, Okta, Entra ID, Google Workspace...).
 */
export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string };

export function readOidcSettings(environment: Record<string, string | undefined> = process.env): OidcSettings | null {
  const issuer = environment.PILOTHOUSE_OIDC_ISSUER;
  const clientId = environment.PILOTHOUSE_OIDC_CLIENT_ID;
  const clientSecret = environment.PILOTHOUSE_OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, name: environment.PILOTHOUSE_OIDC_NAME || "Single sign-on" };
}
