import { gaxios, JWT } from "google-auth-library";
import { AppError } from "@/lib/errors";
import { type CloudSend, cloudTransport } from "./cloud-http";
import { cloudRejection, findAppError, safeCode, unexpectedCloudError } from "./cloud-errors";
import type { ConnectorSecrets, GkeConfig, MintContext, MintedToken } from "./connector-types";
import { CLOUD_SERVICES, endpointFor } from "./endpoints";

/**
 * GKE tokens: an OAuth access token for the service account, from google-auth-library's JWT
 * client (a signed assertion exchanged at Google's token endpoint), which GKE accepts as a
 * bearer token and maps to the account's IAM roles or Kubernetes RBAC. Only the key the user
 * supplied is used: no metadata server, no application-default credentials.
 */

const GKE_SCOPES = ["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/userinfo.email"];
/** google-auth-library posts here and has no option to change it; our fetch sends it to the configured endpoint. */
const LIBRARY_TOKEN_URL = "https://oauth2.googleapis.com/token";

export async function mintGkeToken(
  config: GkeConfig,
  secrets: ConnectorSecrets,
  context: MintContext,
): Promise<MintedToken> {
  if (!secrets.privateKey) throw new AppError("INTERNAL", "a stored credential could not be decrypted");
  const endpoint = endpointFor("googleToken", { override: config.tokenEndpoint });
  const send = cloudTransport([{ url: endpoint, label: CLOUD_SERVICES.googleToken.label }], context.allowed);
  const client = new JWT({
    email: config.auth.clientEmail,
    key: secrets.privateKey,
    ...(config.auth.privateKeyId && { keyId: config.auth.privateKeyId }),
    scopes: GKE_SCOPES,
    transporter: new gaxios.Gaxios({ fetchImplementation: googleFetch(send, endpoint) }),
  });
  try {
    const tokens = await client.authorize();
    if (!tokens.access_token || !tokens.expiry_date) throw new Error("no access token in the answer");
    return { token: tokens.access_token, expiresAt: tokens.expiry_date };
  } catch (error) {
    throw googleError(error, send.lastFailure());
  }
}

/** gaxios's fetch contract, answered by our transport (a buffered, size-capped Response). */
function googleFetch(send: CloudSend, endpoint: string) {
  return async (input: unknown, init: { method?: string; headers?: unknown; body?: unknown } = {}) => {
    const requested = String(input instanceof URL ? input.href : input);
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    const reply = await send({
      method: init.method ?? "GET",
      url: requested === LIBRARY_TOKEN_URL ? endpoint : requested,
      headers: Object.fromEntries(new Headers(init.headers as HeadersInit | undefined).entries()),
      body,
    });
    return new Response(reply.status === 204 ? null : new Uint8Array(reply.body), {
      status: reply.status,
      headers: reply.headers,
    });
  };
}

const HINTS: Record<string, string> = {
  invalid_grant: "the key was deleted or disabled, or the server's clock is off",
  invalid_client: "the service account does not exist",
  unauthorized_client: "the service account may not get tokens",
};

/** Google's OAuth error code in our words: "Google rejected the service-account key: invalid_grant". */
function googleError(error: unknown, transportFailure: AppError | undefined): AppError {
  const ours = findAppError(error);
  if (ours) return ours;
  const data = (error as { response?: { data?: { error?: unknown } } } | null)?.response?.data;
  const code = safeCode(data?.error);
  if (code) {
    const hint = HINTS[code] ? ` (${HINTS[code]})` : "";
    return cloudRejection(`Google rejected the service-account key: ${code}${hint}`);
  }
  return transportFailure ?? unexpectedCloudError("Google", error);
}
