import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import Provider, { type Account } from "oidc-provider";

/** Test identities get addresses on a reserved test domain unless the login name is an email already. */
export const TEST_IDP_EMAIL_DOMAIN = "oidc.example.test";

/** A login name starting with this signs in with `email_verified: false`, for the refusal test. */
export const UNVERIFIED_LOGIN_PREFIX = "unverified-";
/** A login name starting with this signs in without any `email_verified` claim (some IdPs never send it). */
export const NO_CLAIM_LOGIN_PREFIX = "noclaim-";

export type TestOidcProviderOptions = { port: number; clientId: string; clientSecret: string; redirectUri: string };
export type TestOidcProvider = { issuer: string; stop(): Promise<void> };

/**
 * A real OpenID Connect provider (panva's oidc-provider, certified) for browser tests, listening
 * on loopback only. Its built-in development pages do the interaction: a login form that accepts
 * any login name with any password, then a consent screen. The login name becomes the `sub`,
 * so signing in twice with the same name is the same identity.
 */
export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // The `email` and `profile` scopes, and the claims each one releases.
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // By default the claims of scopes go to the userinfo endpoint only; Auth.js reads the ID token.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Fresh keys per run, so the provider never falls back to its published development keys.
    jwks: { keys: [generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" })] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    features: { devInteractions: { enabled: true } },
    // Explicit lifetimes (seconds) keep the provider from printing a notice for each default.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: async (_ctx, login) => accountFor(login),
  });

  const server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function accountFor(login: string): Account {
  const email = login.includes("@") ? login : `${login}@${TEST_IDP_EMAIL_DOMAIN}`;
  return {
    accountId: login,
    claims: async () => ({
      sub: login,
      email,
      ...(!login.startsWith(NO_CLAIM_LOGIN_PREFIX) && { email_verified: !login.startsWith(UNVERIFIED_LOGIN_PREFIX) }),
      name: `IdP user ${login}`,
    }),
  };
}
