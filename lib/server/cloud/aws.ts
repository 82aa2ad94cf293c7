import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { AppError } from "@/lib/errors";
import { getConfig } from "../config/env";
import { type AllowedNetworks, parseAllowedNetworks } from "../k8s/outbound-policy";
import { type CloudSend, cloudTransport } from "./cloud-http";
import { cloudRejection, findAppError, safeCode, unexpectedCloudError } from "./cloud-errors";
import { CLOUD_SERVICES, endpointFor } from "./endpoints";

/**
 * AWS plumbing shared by the EKS connector: SDK clients that can only reach the endpoints we
 * name (through cloud-http.ts), the operator's own base identity for AssumeRole, and AWS error
 * codes in our own words.
 */

/** The SDK's request handler contract, answered by our transport. */
export function awsRequestHandler(send: CloudSend) {
  return {
    metadata: { handlerProtocol: "http/1.1" },
    async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
      if (request.body !== undefined && typeof request.body !== "string" && !(request.body instanceof Uint8Array)) {
        throw new AppError("INTERNAL", "An AWS request body must be text or bytes");
      }
      const reply = await send({
        method: request.method,
        url: urlOf(request),
        headers: request.headers,
        body: request.body as string | Uint8Array | undefined,
      });
      return { response: new HttpResponse({ statusCode: reply.status, headers: reply.headers, body: reply.body }) };
    },
  };
}

function urlOf(request: HttpRequest): string {
  const port = request.port ? `:${request.port}` : "";
  const query = formatQuery(request.query);
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ""}`;
}

/** A signed request's query as URL text; any percent-encoding works, the verifier canonicalizes the decoded values. */
export function formatQuery(query: HttpRequest["query"] | undefined): string {
  return Object.entries(query ?? {})
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((item) => [key, item ?? ""] as const))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join("&");
}

/** An STS client for `region` that signs with `credentials` and reaches only the STS endpoint. */
export function stsClient(options: {
  region: string;
  endpoint: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  allowed: AllowedNetworks;
}) {
  return new STSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    requestHandler: awsRequestHandler(
      cloudTransport([{ url: options.endpoint, label: CLOUD_SERVICES.awsSts.label }], options.allowed),
    ),
    maxAttempts: 2,
  });
}

// --- The base identity (AssumeRole into customers' roles) ------------------------------------

const globalForAws = globalThis as unknown as {
  pilothouseAwsBaseIdentity?: AwsCredentialIdentityProvider;
  pilothouseAwsPrincipal?: { arn: Promise<string>; at: number };
};

/**
 * Pilothouse's own AWS identity from the standard chain (environment, IRSA / Pod Identity,
 * instance profile). Used for one thing only: sts:AssumeRole into a customer's role with the
 * org's ExternalId. It never signs a cluster token itself, and it exists only when the
 * operator turned it on (PILOTHOUSE_AWS_ASSUME_ROLE=on).
 */
export function baseIdentity(): AwsCredentialIdentityProvider {
  if (getConfig().PILOTHOUSE_AWS_ASSUME_ROLE !== "on") {
    throw new AppError(
      "INVALID_INPUT",
      "connector.auth.method: AssumeRole connectors are turned off on this Pilothouse (the operator sets PILOTHOUSE_AWS_ASSUME_ROLE=on); use an access key instead",
      "connector.auth.method",
    );
  }
  return (globalForAws.pilothouseAwsBaseIdentity ??= fromNodeProviderChain());
}

/**
 * The principal to name in a trust policy: the base identity's role (or user) ARN. Asked in the
 * operator's own region (AWS_REGION), so another partition (China, GovCloud) works too.
 */
export function basePrincipalArn(
  region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
): Promise<string> {
  const cached = globalForAws.pilothouseAwsPrincipal;
  if (cached && Date.now() - cached.at < 10 * 60_000) return cached.arn;
  const arn = (async () => {
    // Pilothouse's own call for no org: only the operator's networks apply.
    const client = stsClient({
      region,
      endpoint: endpointFor("awsSts", { region }),
      credentials: baseIdentity(),
      allowed: parseAllowedNetworks(getConfig().PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS),
    });
    try {
      const identity = await client.send(new GetCallerIdentityCommand({}));
      return principalOf(identity.Arn ?? "");
    } catch (error) {
      throw awsError(error, { subject: "Pilothouse's own AWS identity" });
    } finally {
      client.destroy();
    }
  })();
  globalForAws.pilothouseAwsPrincipal = { arn, at: Date.now() };
  arn.catch(() => (globalForAws.pilothouseAwsPrincipal = undefined));
  return arn;
}

/** An assumed-role session ARN names its role: arn:aws:sts::1:assumed-role/R/s → arn:aws:iam::1:role/R. */
export function principalOf(arn: string): string {
  const match = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : arn;
}

/** Assume `roleArn` and return its temporary credentials. */
export async function assumeRole(options: {
  region: string;
  endpoint: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  roleArn: string;
  sessionName: string;
  externalId?: string;
  allowed: AllowedNetworks;
  /** Who asked, for messages: "the access key" or "Pilothouse's own AWS identity". */
  subject: string;
}): Promise<AwsCredentialIdentity> {
  const client = stsClient(options);
  try {
    const { Credentials: issued } = await client.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName,
        ...(options.externalId !== undefined && { ExternalId: options.externalId }),
      }),
    );
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      expiration: issued.Expiration,
    };
  } catch (error) {
    throw awsError(error, {
      subject: options.subject,
      roleArn: options.roleArn,
      externalId: options.externalId !== undefined,
    });
  } finally {
    client.destroy();
  }
}

/** Ask STS who these credentials are; a key AWS refuses fails here with its reason. */
export async function callerArn(options: {
  region: string;
  endpoint: string;
  credentials: AwsCredentialIdentity;
  allowed: AllowedNetworks;
}): Promise<string> {
  const client = stsClient(options);
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}));
    return identity.Arn ?? "";
  } catch (error) {
    throw awsError(error, { subject: "the access key" });
  } finally {
    client.destroy();
  }
}

// --- Errors ------------------------------------------------------------------------------------

/** Codes by which AWS says "I do not accept these credentials". */
const CREDENTIAL_CODES = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
  "IncompleteSignature",
  "InvalidToken",
  "AuthFailure",
]);

const HINTS: Record<string, string> = {
  ExpiredToken: "the session token has expired; supply fresh credentials",
  InvalidClientTokenId: "the access key does not exist or was deleted",
  SignatureDoesNotMatch: "the secret access key does not belong to this access key",
};

/**
 * AWS's answer in our words, e.g. "AWS rejected the access key: ExpiredToken" or "AWS refused
 * to assume role arn:…: …". Never the SDK's message: it can carry the request.
 */
export function awsError(
  error: unknown,
  context: { subject: string; roleArn?: string; externalId?: boolean; operation?: string },
): AppError {
  const ours = findAppError(error);
  if (ours) return ours;
  const code = safeCode((error as { name?: unknown } | null)?.name);
  if (code && CREDENTIAL_CODES.has(code)) {
    const hint = HINTS[code] ? ` (${HINTS[code]})` : "";
    return cloudRejection(`AWS rejected ${context.subject}: ${code}${hint}`);
  }
  if (code === "AccessDenied" && context.roleArn) {
    const why = context.externalId
      ? "the ExternalId does not match, or the role's trust policy does not name Pilothouse's identity"
      : `the role's trust policy does not allow ${context.subject}`;
    return cloudRejection(`AWS refused to assume role ${context.roleArn}: ${why} (AccessDenied)`);
  }
  if (code === "RegionDisabledException") return cloudRejection(`AWS STS is not enabled in this region (${code})`);
  if (code && (error as { $metadata?: unknown }).$metadata !== undefined) {
    return cloudRejection(`AWS refused ${context.operation ?? "the token request"}: ${code}`);
  }
  return unexpectedCloudError("AWS", error);
}
