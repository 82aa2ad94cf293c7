import { AppError } from "@/lib/errors";
import type { ClusterSource, ConnectorInput } from "@/lib/validations/clusters";
import { connectorFromInput } from "../cloud/connector-input";
import type { ConnectorCredential, MintContext } from "../cloud/connector-types";
import { parseKubeconfig, sanitizeContext, type ParsedKubeconfig } from "../k8s/kubeconfig";
import type { ClusterCredential } from "./credentials";

/** The allowlisted endpoint and credential a registration or rotation stores. */
export type ClusterMaterial = {
  server: string;
  caData?: string;
  tlsServerName?: string;
  namespace?: string;
  credential: ClusterCredential;
  /** Where the server address came from in the input: a refused address is that field's error. */
  serverPath: string;
};

/** A kubeconfig already parsed once for this request (several contexts of one upload share it). */
export type ParsedKubeconfigSource = { parsedKubeconfig: ParsedKubeconfig; context?: string };

/**
 * From a pasted kubeconfig (sanitized, docs/security.md §1), the server + CA + token form, or a
 * cloud connector. Only an EKS connector without an endpoint contacts anything: eks:DescribeCluster,
 * with the connector's own identity, for `context.orgId`.
 */
export async function materialFromSource(
  source: ClusterSource | ParsedKubeconfigSource,
  context: MintContext,
): Promise<ClusterMaterial> {
  if ("connector" in source) return connectorMaterial(source.connector, context);
  if ("parsedKubeconfig" in source) return materialFromKubeconfig(source.parsedKubeconfig, source.context);
  if ("kubeconfig" in source) return materialFromKubeconfig(parseKubeconfig(source.kubeconfig), source.context);
  if (/\s/.test(source.token))
    throw new AppError("INVALID_INPUT", "The token must not contain spaces or line breaks.", "token");
  return {
    server: source.server,
    caData: source.certificateAuthority ? caToBase64(source.certificateAuthority, "certificateAuthority") : undefined,
    credential: { type: "token", token: source.token },
    serverPath: "server",
  };
}

function materialFromKubeconfig(parsed: ParsedKubeconfig, context: string | undefined): ClusterMaterial {
  const normalized = sanitizeContext(parsed, context);
  return {
    server: normalized.server,
    caData: normalized.caData,
    tlsServerName: normalized.tlsServerName,
    namespace: normalized.namespace,
    credential: normalized.credential,
    serverPath: normalized.serverPath,
  };
}

async function connectorMaterial(input: ConnectorInput, context: MintContext): Promise<ClusterMaterial> {
  const credential = connectorFromInput(input);
  const caData = input.certificateAuthority
    ? caToBase64(input.certificateAuthority, "connector.certificateAuthority")
    : undefined;
  if (input.server) return { server: input.server, caData, credential, serverPath: "connector.server" };
  const described = await describeEks(credential, context);
  // DescribeCluster's answer is checked like user input: the outbound policy vets it next.
  return {
    server: described.server,
    caData: caData ?? (described.caData ? caToBase64(described.caData, "connector.certificateAuthority") : undefined),
    credential,
    serverPath: "connector.server",
  };
}

async function describeEks(credential: ConnectorCredential, context: MintContext) {
  if (credential.config.type !== "eks") {
    throw new AppError("INVALID_INPUT", "connector.server: is required", "connector.server");
  }
  const { describeEksCluster } = await import("../cloud/eks");
  return describeEksCluster(credential.config, credential.secrets, context);
}

/**
 * An EKS connector without an endpoint is looked up with eks:DescribeCluster: a call to AWS,
 * which a connection test makes only after its rate limit.
 */
export function needsLookup(source: ClusterSource | ParsedKubeconfigSource): boolean {
  return "connector" in source && source.connector.type === "eks" && !source.connector.server;
}

/** Accept the CA as PEM text or as base64 of PEM (what kubeconfigs and EKS hold). */
function caToBase64(value: string, path: string): string {
  const pem = value.includes("-----BEGIN CERTIFICATE-----") ? value : Buffer.from(value, "base64").toString("utf8");
  if (!/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/.test(pem.trim())) {
    throw new AppError(
      "INVALID_INPUT",
      "The CA certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----) or its base64.",
      path,
    );
  }
  return Buffer.from(pem.trim() + "\n").toString("base64");
}

/**
 * Run a validation now but report its error later, inside the audited step: a refused input still
 * leaves an attempt row (with outcome `failure`), yet the row can name what was valid.
 */
export async function deferInvalid<T>(validate: () => T | Promise<T>): Promise<{ value: T | undefined; unwrap(): T }> {
  try {
    const value = await validate();
    return { value, unwrap: () => value };
  } catch (error) {
    return {
      value: undefined,
      unwrap: () => {
        throw error;
      },
    };
  }
}
