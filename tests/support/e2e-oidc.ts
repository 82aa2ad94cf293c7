/**
 * The test identity provider the browser suite signs in through: its address, the client
 * Pilothouse is registered as, and the button name. playwright.config.ts hands these to the
 * server's environment; e2e-global-setup.ts starts the provider with them.
 */
export type E2eOidcSettings = {
  port: number;
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUri: string;
};

/** The button reads "Continue with <name>". */
export const TEST_IDP_NAME = "Test IdP";

export function e2eOidcSettings(appPort: number, appUrl: string): E2eOidcSettings {
  // Next to the app's port by default, so runs on distinct app ports never fight over the IdP's.
  const port = Number(process.env.PILOTHOUSE_E2E_OIDC_PORT ?? appPort + 90);
  return {
    port,
    issuer: `http://127.0.0.1:${port}`,
    clientId: "pilothouse-e2e",
    // Loopback-only throwaway provider; the value only has to match on both sides.
    clientSecret: "pilothouse-e2e-client-secret",
    name: TEST_IDP_NAME,
    redirectUri: `${appUrl}/api/auth/callback/oidc`,
  };
}
