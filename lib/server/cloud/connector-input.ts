import { createPrivateKey, X509Certificate } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { ConnectorInput } from "@/lib/validations/clusters";
import type { AksConfig, ConnectorCredential, EksConfig, GkeConfig } from "./connector-types";
import { checkEndpointOverride } from "./endpoints";

/**
 * A connector as the user gave it (already shape-checked by zod) → the non-secret config to store
 * in plain JSON and the secrets to encrypt. Pure: nothing is contacted here.
 */
export function connectorFromInput(input: ConnectorInput): ConnectorCredential {
  switch (input.type) {
    case "eks":
      return eksConnector(input);
    case "gke":
      return gkeConnector(input);
    case "aks":
      return aksConnector(input);
  }
}

function invalid(path: string, problem: string): AppError {
  return new AppError("INVALID_INPUT", `${path}: ${problem}`, path);
}

function eksConnector(input: Extract<ConnectorInput, { type: "eks" }>): ConnectorCredential {
  const config: EksConfig = {
    type: "eks",
    clusterName: input.clusterName,
    region: input.region,
    ...(input.stsEndpoint && {
      stsEndpoint: checkEndpointOverride("awsSts", input.stsEndpoint, "connector.stsEndpoint"),
    }),
    auth:
      input.auth.method === "assumeRole"
        ? { method: "assumeRole", roleArn: input.auth.roleArn }
        : {
            method: "accessKey",
            accessKeyId: input.auth.accessKeyId,
            ...(input.auth.roleArn && { roleArn: input.auth.roleArn }),
          },
  };
  const secrets =
    input.auth.method === "accessKey"
      ? {
          secretAccessKey: input.auth.secretAccessKey,
          ...(input.auth.sessionToken !== undefined && { sessionToken: input.auth.sessionToken }),
        }
      : {};
  return { type: "connector", config, secrets };
}

// --- GKE: a service-account key file -----------------------------------------------------------

const KEY_PATH = "connector.auth.key";

function gkeConnector(input: Extract<ConnectorInput, { type: "gke" }>): ConnectorCredential {
  const key = parseServiceAccountKey(input.auth.key);
  const config: GkeConfig = {
    type: "gke",
    ...(input.tokenEndpoint && {
      tokenEndpoint: checkEndpointOverride("googleToken", input.tokenEndpoint, "connector.tokenEndpoint"),
    }),
    auth: {
      method: "serviceAccountKey",
      clientEmail: key.clientEmail,
      ...(key.privateKeyId && { privateKeyId: key.privateKeyId }),
      ...(key.projectId && { projectId: key.projectId }),
    },
  };
  return { type: "connector", config, secrets: { privateKey: key.privateKey } };
}

type ServiceAccountKey = { clientEmail: string; privateKey: string; privateKeyId?: string; projectId?: string };

/**
 * Only the fields we use are read. token_uri and the other URLs in the file are ignored: the
 * token endpoint is Pilothouse's to choose, never the uploaded file's.
 */
function parseServiceAccountKey(text: string): ServiceAccountKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid(KEY_PATH, "is not JSON; paste the service-account key file as downloaded from Google Cloud");
  }
  const fields = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  if (fields.type === "external_account") {
    throw invalid(
      KEY_PATH,
      "Workload Identity Federation (external_account) configurations are not supported yet: their subject token would come from this server's files, URLs or metadata service. Use a service-account key",
    );
  }
  if (fields.type !== "service_account")
    throw invalid(KEY_PATH, 'must be a service-account key ("type": "service_account")');
  const clientEmail = fields.client_email;
  if (typeof clientEmail !== "string" || !/^[^\s@]{1,200}@[a-z0-9.-]{1,200}$/i.test(clientEmail)) {
    throw invalid(KEY_PATH, "client_email must be the service account's email address");
  }
  if (typeof fields.private_key !== "string" || !isPrivateKey(fields.private_key)) {
    throw invalid(KEY_PATH, "private_key must be the PEM private key of the service account");
  }
  return {
    clientEmail,
    privateKey: fields.private_key,
    ...(isShortToken(fields.private_key_id) && { privateKeyId: fields.private_key_id }),
    ...(isShortToken(fields.project_id) && { projectId: fields.project_id }),
  };
}

function isShortToken(value: unknown): value is string {
  return typeof value === "string" && /^[\w.:-]{1,128}$/.test(value);
}

function isPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).type === "private";
  } catch {
    return false;
  }
}

// --- AKS: an app registration with a client secret or certificate ------------------------------

const CERTIFICATE_PATH = "connector.auth.certificate";

function aksConnector(input: Extract<ConnectorInput, { type: "aks" }>): ConnectorCredential {
  const common = {
    type: "aks" as const,
    tenantId: input.tenantId.toLowerCase(),
    clientId: input.clientId.toLowerCase(),
    ...(input.serverId && { serverId: input.serverId.toLowerCase() }),
    ...(input.authorityHost && {
      authorityHost: checkEndpointOverride("azureAuthority", input.authorityHost, "connector.authorityHost"),
    }),
  };
  if (input.auth.method === "clientSecret") {
    const config: AksConfig = { ...common, auth: { method: "clientSecret" } };
    return { type: "connector", config, secrets: { clientSecret: input.auth.clientSecret } };
  }
  const { certificate, privateKey } = splitCertificatePem(input.auth.certificate);
  const config: AksConfig = { ...common, auth: { method: "clientCertificate", certificate } };
  return { type: "connector", config, secrets: { clientCertificateKey: privateKey } };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;
/** A chain and its key are a handful of blocks; many BEGIN lines would only make the scan quadratic. */
const MAX_PEM_BLOCKS = 10;

/** The certificate chain is public (stored in plain JSON); the private key is the secret. */
function splitCertificatePem(pem: string): { certificate: string; privateKey: string } {
  if (pem.split("-----BEGIN ").length - 1 > MAX_PEM_BLOCKS) {
    throw invalid(CERTIFICATE_PATH, `must hold at most ${MAX_PEM_BLOCKS} PEM blocks`);
  }
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const certificates = blocks.filter((block) => block[1] === "CERTIFICATE").map((block) => block[0]);
  const keys = blocks.filter((block) => block[1]?.endsWith("PRIVATE KEY")).map((block) => block[0]);
  if (keys.some((key) => key.includes("ENCRYPTED")))
    throw invalid(CERTIFICATE_PATH, "the private key must not be password-protected");
  if (certificates.length === 0 || keys.length !== 1) {
    throw invalid(CERTIFICATE_PATH, "must be PEM with the certificate and exactly one private key");
  }
  try {
    const leaf = new X509Certificate(certificates[0]!);
    if (!leaf.checkPrivateKey(createPrivateKey(keys[0]!))) throw new Error("mismatch");
  } catch {
    throw invalid(CERTIFICATE_PATH, "the private key does not belong to the certificate, or either is malformed");
  }
  return { certificate: certificates.join("\n"), privateKey: keys[0]! };
}
