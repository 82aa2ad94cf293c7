import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { AppError } from "@/lib/errors";
import { type CloudSend, cloudTransport } from "./cloud-http";
import { cloudRejection, findAppError, unexpectedCloudError } from "./cloud-errors";
import type { AksConfig, ConnectorSecrets, MintContext, MintedToken } from "./connector-types";
import { CLOUD_SERVICES, endpointFor } from "./endpoints";

/**
 * AKS tokens (Entra ID integration): a token for the AKS server application's scope, from
 * @azure/identity with the app registration's client secret or certificate. Only the credential
 * the user supplied is used: no managed identity, no environment, no instance discovery.
 */

/**
 * The well-known application id of the AKS server with AKS-managed Entra ID: the audience AKS
 * checks. Clusters on the legacy integration name their own (kubelogin's --server-id).
 */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

export async function mintAksToken(
  config: AksConfig,
  secrets: ConnectorSecrets,
  context: MintContext,
): Promise<MintedToken> {
  const authorityHost = endpointFor("azureAuthority", { override: config.authorityHost });
  const send = cloudTransport([{ url: authorityHost, label: CLOUD_SERVICES.azureAuthority.label }], context.allowed);
  const credential = credentialFor(config, secrets, {
    authorityHost,
    httpClient: azureHttpClient(send),
    // Instance discovery asks login.microsoftonline.com about the authority; the authority is ours to name.
    disableInstanceDiscovery: true,
    additionallyAllowedTenants: [],
    retryOptions: { maxRetries: 1 },
  });
  try {
    const token = await credential.getToken(`${config.serverId ?? AKS_SERVER_APP_ID}/.default`);
    if (!token) throw new Error("Entra ID returned no token");
    return { token: token.token, expiresAt: token.expiresOnTimestamp };
  } catch (error) {
    throw entraError(error, config, send.lastFailure());
  }
}

type CredentialOptions = ConstructorParameters<typeof ClientSecretCredential>[3];

function credentialFor(config: AksConfig, secrets: ConnectorSecrets, options: CredentialOptions): TokenCredential {
  if (config.auth.method === "clientSecret") {
    if (!secrets.clientSecret) throw new AppError("INTERNAL", "a stored credential could not be decrypted");
    return new ClientSecretCredential(config.tenantId, config.clientId, secrets.clientSecret, options);
  }
  if (!secrets.clientCertificateKey) throw new AppError("INTERNAL", "a stored credential could not be decrypted");
  return new ClientCertificateCredential(
    config.tenantId,
    config.clientId,
    { certificate: `${config.auth.certificate.trim()}\n${secrets.clientCertificateKey.trim()}\n` },
    options,
  );
}

/** The Azure pipeline's HTTP client contract, answered by our transport. */
function azureHttpClient(send: CloudSend): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (request.body !== undefined && request.body !== null && typeof request.body !== "string") {
        throw new AppError("INTERNAL", "An Entra ID request body must be text");
      }
      const reply = await send({
        method: request.method,
        url: request.url,
        headers: request.headers.toJSON(),
        body: request.body ?? undefined,
      });
      return {
        request,
        status: reply.status,
        headers: createHttpHeaders(reply.headers),
        bodyAsText: reply.body.toString("utf8"),
      };
    },
  };
}

/** "Entra ID rejected the client secret: AADSTS7000215", from the AADSTS code only. */
function entraError(error: unknown, config: AksConfig, transportFailure: AppError | undefined): AppError {
  const ours = findAppError(error);
  if (ours) return ours;
  const code = aadstsCode(error);
  const what = config.auth.method === "clientSecret" ? "the client secret" : "the client certificate";
  if (code !== undefined) return cloudRejection(`Entra ID rejected ${what}: AADSTS${code}${hintFor(code)}`);
  return transportFailure ?? unexpectedCloudError("Entra ID", error);
}

/**
 * The AADSTS number, wherever @azure/identity put it: `errorResponse.errorCodes` of an
 * AuthenticationError, or MSAL's `errorNo` on the cause it wraps (AuthenticationRequiredError).
 */
function aadstsCode(error: unknown): number | undefined {
  const outer = error as { errorResponse?: { errorCodes?: unknown }; cause?: { errorNo?: unknown } } | null;
  const codes = Array.isArray(outer?.errorResponse?.errorCodes) ? outer.errorResponse.errorCodes : [];
  const candidates: unknown[] = [...codes, outer?.cause?.errorNo];
  for (const candidate of candidates) {
    const number = typeof candidate === "string" && /^\d{1,9}$/.test(candidate) ? Number(candidate) : candidate;
    if (Number.isInteger(number)) return number as number;
  }
  return undefined;
}

const HINTS: Record<number, string> = {
  7000215: "the client secret is wrong",
  7000222: "the client secret has expired",
  700016: "no application with this client id in the tenant",
  90002: "no such tenant",
  700027: "the certificate is not registered on the application",
};

function hintFor(code: number): string {
  return HINTS[code] ? ` (${HINTS[code]})` : "";
}
