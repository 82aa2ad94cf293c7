/**
 * A loopback stand-in for Google's OAuth token endpoint: it verifies the service account's signed
 * JWT assertion (jwt-bearer grant) against the public key of each registered key, issues opaque
 * access tokens with a chosen lifetime, and answers tokeninfo for the cluster's authenticator.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { decodeJwt, nowSeconds, verifyJwt } from "./jwt";
import { formOf, startStandIn, type StandIn, type StandInReply } from "./stand-in-server";

/** google-auth-library always addresses its assertion to this URL, wherever it is sent. */
const GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";

export type ServiceAccountKeyFile = {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
};

export type GoogleStandIn = StandIn & {
  tokenUrl: string;
  /** A new key for `email`, in the JSON form Google Cloud lets people download. */
  createKey(email: string): ServiceAccountKeyFile;
  /** Delete a key (by private_key_id): assertions it signs are refused with invalid_grant. */
  deleteKey(privateKeyId: string): void;
  tokenLifetimeSeconds: number;
  issued: { email: string; token: string }[];
};

export async function startGoogleStandIn(): Promise<GoogleStandIn> {
  const keys = new Map<string, { email: string; publicKey: KeyObject }>();
  const tokens = new Map<string, { email: string; expiresAt: number }>();
  const issued: { email: string; token: string }[] = [];
  const state = { tokenLifetimeSeconds: 3600 };

  function token(form: URLSearchParams): StandInReply {
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer")
      return oauthError("unsupported_grant_type");
    const jwt = decodeJwt(form.get("assertion") ?? "");
    if (!jwt) return oauthError("invalid_grant");
    // Without a key id in the header, Google tries every key of the account; so does the stand-in.
    const candidates = [...keys.entries()].filter(
      ([id, entry]) => entry.email === jwt.payload.iss && (jwt.header.kid === undefined || jwt.header.kid === id),
    );
    const key = candidates.find(([, entry]) => verifyJwt(jwt, entry.publicKey))?.[1];
    const now = nowSeconds();
    const fresh = Number(jwt.payload.exp) > now && Number(jwt.payload.iat) <= now + 60;
    if (!key || jwt.payload.aud !== GOOGLE_TOKEN_AUDIENCE || !fresh) return oauthError("invalid_grant");
    const accessToken = `ya29.stand-in.${randomBytes(24).toString("base64url")}`;
    tokens.set(accessToken, { email: key.email, expiresAt: Date.now() + state.tokenLifetimeSeconds * 1000 });
    issued.push({ email: key.email, token: accessToken });
    return {
      status: 200,
      body: JSON.stringify({ access_token: accessToken, expires_in: state.tokenLifetimeSeconds, token_type: "Bearer" }),
    };
  }

  function tokenInfo(accessToken: string): StandInReply {
    const entry = tokens.get(accessToken);
    if (!entry || Date.now() > entry.expiresAt)
      return { status: 400, body: JSON.stringify({ error: "invalid_token" }) };
    return {
      status: 200,
      body: JSON.stringify({
        email: entry.email,
        email_verified: "true",
        expires_in: String(Math.floor((entry.expiresAt - Date.now()) / 1000)),
      }),
    };
  }

  const server = await startStandIn((request) => {
    const url = new URL(request.url, "https://stand-in");
    if (request.method === "POST" && url.pathname === "/token") return token(formOf(request.body));
    if (request.method === "GET" && url.pathname === "/tokeninfo")
      return tokenInfo(url.searchParams.get("access_token") ?? "");
    return { status: 404, body: "{}" };
  });
  return Object.assign(server, {
    tokenUrl: `${server.url}/token`,
    createKey(email: string): ServiceAccountKeyFile {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const id = randomBytes(20).toString("hex");
      keys.set(id, { email, publicKey });
      return {
        type: "service_account",
        project_id: "pilothouse-test",
        private_key_id: id,
        private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        client_email: email,
        client_id: randomBytes(10).toString("hex"),
        token_uri: GOOGLE_TOKEN_AUDIENCE,
      };
    },
    deleteKey: (privateKeyId: string) => void keys.delete(privateKeyId),
    issued,
    get tokenLifetimeSeconds() {
      return state.tokenLifetimeSeconds;
    },
    set tokenLifetimeSeconds(value: number) {
      state.tokenLifetimeSeconds = value;
    },
  });
}

function oauthError(error: string): StandInReply {
  return { status: 400, body: JSON.stringify({ error, error_description: `stand-in: ${error}` }) };
}
