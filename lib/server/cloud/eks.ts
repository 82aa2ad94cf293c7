import { Sha256 } from "@aws-crypto/sha256-js";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity } from "@smithy/types";
import { AppError } from "@/lib/errors";
import { assumeRole, awsError, awsRequestHandler, baseIdentity, callerArn, formatQuery } from "./aws";
import { cloudTransport } from "./cloud-http";
import { safeCode } from "./cloud-errors";
import type { ConnectorSecrets, EksConfig, MintContext, MintedToken } from "./connector-types";
import { CLOUD_SERVICES, endpointFor } from "./endpoints";
import { getOrgExternalId } from "./external-id";

/**
 * Amazon EKS tokens, exactly what `aws eks get-token` prints: "k8s-aws-v1." + base64url of a
 * presigned STS GetCallerIdentity URL whose signed headers include x-k8s-aws-id (the cluster
 * name). The cluster's authenticator replays the URL to STS, which answers with the identity.
 * STS honours such a URL for 15 minutes after X-Amz-Date whatever X-Amz-Expires says (the CLI
 * sets 60), and the CLI reports 14 minutes; so do we.
 */

export const EKS_TOKEN_PREFIX = "k8s-aws-v1.";
const EKS_TOKEN_LIFETIME_MS = 14 * 60_000;
const PRESIGN_EXPIRES_SECONDS = 60;

export async function mintEksToken(
  config: EksConfig,
  secrets: ConnectorSecrets,
  context: MintContext,
): Promise<MintedToken> {
  const endpoint = stsEndpointOf(config);
  const credentials = await eksIdentity(config, secrets, context);
  const signingDate = new Date();
  const url = await presignGetCallerIdentity({ credentials, endpoint, config, signingDate });
  return {
    token: `${EKS_TOKEN_PREFIX}${Buffer.from(url).toString("base64url")}`,
    expiresAt: signingDate.getTime() + EKS_TOKEN_LIFETIME_MS,
  };
}

/** The endpoint and CA of an EKS cluster, from eks:DescribeCluster, for connectors that did not give them. */
export async function describeEksCluster(
  config: EksConfig,
  secrets: ConnectorSecrets,
  context: MintContext,
): Promise<{ server: string; caData?: string }> {
  const endpoint = endpointFor("awsEks", { region: config.region });
  const client = new EKSClient({
    region: config.region,
    endpoint,
    credentials: await eksIdentity(config, secrets, context),
    requestHandler: awsRequestHandler(
      cloudTransport([{ url: endpoint, label: CLOUD_SERVICES.awsEks.label }], context.allowed),
    ),
    maxAttempts: 2,
  });
  try {
    const { cluster } = await client.send(new DescribeClusterCommand({ name: config.clusterName }));
    if (!cluster?.endpoint) {
      throw new AppError(
        "INVALID_INPUT",
        "connector.server: Amazon EKS returned no endpoint for this cluster",
        "connector.server",
      );
    }
    return { server: cluster.endpoint, caData: cluster.certificateAuthority?.data };
  } catch (error) {
    throw describeError(error, config);
  } finally {
    client.destroy();
  }
}

function describeError(error: unknown, config: EksConfig): AppError {
  if (error instanceof AppError) return error;
  const code = safeCode((error as { name?: unknown } | null)?.name);
  if (code === "ResourceNotFoundException") {
    return new AppError(
      "INVALID_INPUT",
      `connector.clusterName: Amazon EKS has no cluster named ${config.clusterName} in ${config.region}`,
      "connector.clusterName",
    );
  }
  if (code === "AccessDeniedException") {
    return new AppError(
      "INVALID_INPUT",
      "connector.server: is required, because this identity may not call eks:DescribeCluster (AccessDeniedException); give the API endpoint and CA",
      "connector.server",
    );
  }
  return awsError(error, { subject: "the access key", operation: "eks:DescribeCluster" });
}

function stsEndpointOf(config: EksConfig): string {
  return endpointFor("awsSts", { region: config.region, override: config.stsEndpoint });
}

/**
 * The identity that signs the token. An access key is checked with STS first, so a key AWS
 * refuses is reported with AWS's reason instead of a bare 401 from the cluster later. The base
 * identity only ever assumes the customer's role; it never signs a token itself.
 */
async function eksIdentity(
  config: EksConfig,
  secrets: ConnectorSecrets,
  context: MintContext,
): Promise<AwsCredentialIdentity> {
  const endpoint = stsEndpointOf(config);
  const sessionName = `pilothouse-${(context.clusterId ?? context.orgId).slice(0, 8)}`;
  if (config.auth.method === "assumeRole") {
    return assumeRole({
      region: config.region,
      endpoint,
      credentials: baseIdentity(),
      roleArn: config.auth.roleArn,
      externalId: await getOrgExternalId(context.orgId),
      sessionName,
      allowed: context.allowed,
      subject: "Pilothouse's own AWS identity",
    });
  }
  if (!secrets.secretAccessKey) throw new AppError("INTERNAL", "a stored credential could not be decrypted");
  const key: AwsCredentialIdentity = {
    accessKeyId: config.auth.accessKeyId,
    secretAccessKey: secrets.secretAccessKey,
    ...(secrets.sessionToken !== undefined && { sessionToken: secrets.sessionToken }),
  };
  if (config.auth.roleArn) {
    return assumeRole({
      region: config.region,
      endpoint,
      credentials: key,
      roleArn: config.auth.roleArn,
      sessionName,
      allowed: context.allowed,
      subject: "the access key",
    });
  }
  await callerArn({ region: config.region, endpoint, credentials: key, allowed: context.allowed });
  return key;
}

async function presignGetCallerIdentity(options: {
  credentials: AwsCredentialIdentity;
  endpoint: string;
  config: EksConfig;
  signingDate: Date;
}): Promise<string> {
  const url = new URL(options.endpoint);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.config.region,
    service: "sts",
    sha256: Sha256,
  });
  const signed = await signer.presign(
    new HttpRequest({
      method: "GET",
      protocol: "https:",
      hostname: url.hostname,
      ...(url.port !== "" && { port: Number(url.port) }),
      path: url.pathname || "/",
      query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
      headers: { host: url.host, "x-k8s-aws-id": options.config.clusterName },
    }),
    { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: options.signingDate },
  );
  return `https://${url.host}${signed.path}?${formatQuery(signed.query)}`;
}
