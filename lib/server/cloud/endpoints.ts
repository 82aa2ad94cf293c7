import { AppError } from "@/lib/errors";
import { getConfig } from "../config/env";

/**
 * Where cloud connectors may fetch tokens (docs/cloud-clusters.md). Each service has a default
 * endpoint, an operator override (private endpoints, FIPS, the tests' loopback stand-ins) and a
 * host allowlist that a per-connector override must match. A request to any other origin is
 * refused by the transport (cloud-http.ts), whatever an SDK asks for.
 */

export type CloudService = "awsSts" | "awsEks" | "googleToken" | "azureAuthority";

type ServiceSpec = {
  /** Names the service in messages: "Pilothouse could not reach AWS STS at …". */
  label: string;
  defaultUrl: string;
  overrideVariable:
    | "PILOTHOUSE_AWS_STS_ENDPOINT"
    | "PILOTHOUSE_AWS_EKS_ENDPOINT"
    | "PILOTHOUSE_GOOGLE_TOKEN_ENDPOINT"
    | "PILOTHOUSE_AZURE_AUTHORITY_HOST";
  /** Hosts a connector may name itself; an IP literal never matches. */
  hosts: readonly RegExp[];
  example: string;
};

const AWS_VPC_ENDPOINT = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.vpce\.amazonaws\.com(\.cn)?$/;

export const CLOUD_SERVICES: Readonly<Record<CloudService, ServiceSpec>> = {
  awsSts: {
    label: "AWS STS",
    defaultUrl: "https://sts.{region}.amazonaws.com",
    overrideVariable: "PILOTHOUSE_AWS_STS_ENDPOINT",
    hosts: [/^sts\.amazonaws\.com$/, /^sts(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/, AWS_VPC_ENDPOINT],
    example: "https://sts-fips.us-east-1.amazonaws.com or a VPC endpoint (…vpce.amazonaws.com)",
  },
  awsEks: {
    label: "the Amazon EKS API",
    defaultUrl: "https://eks.{region}.amazonaws.com",
    overrideVariable: "PILOTHOUSE_AWS_EKS_ENDPOINT",
    hosts: [/^eks(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/, AWS_VPC_ENDPOINT],
    example: "https://eks-fips.us-east-1.amazonaws.com",
  },
  googleToken: {
    label: "the Google token endpoint",
    defaultUrl: "https://oauth2.googleapis.com/token",
    overrideVariable: "PILOTHOUSE_GOOGLE_TOKEN_ENDPOINT",
    hosts: [/^oauth2\.googleapis\.com$/, /^[a-z0-9-]+\.p\.googleapis\.com$/],
    example: "https://oauth2-myendpoint.p.googleapis.com/token (Private Service Connect)",
  },
  azureAuthority: {
    label: "Microsoft Entra ID",
    defaultUrl: "https://login.microsoftonline.com",
    overrideVariable: "PILOTHOUSE_AZURE_AUTHORITY_HOST",
    hosts: [
      /^login\.microsoftonline\.(com|us)$/,
      /^login\.chinacloudapi\.cn$/,
      /^login\.partner\.microsoftonline\.cn$/,
    ],
    example: "https://login.microsoftonline.us (Azure Government)",
  },
};

/** The URL a connector uses for a service: its own override, else the operator's, else the default. */
export function endpointFor(service: CloudService, options: { region?: string; override?: string } = {}): string {
  const spec = CLOUD_SERVICES[service];
  const template = options.override ?? getConfig()[spec.overrideVariable] ?? spec.defaultUrl;
  return normalize(template.replaceAll("{region}", options.region ?? "us-east-1"));
}

/**
 * Vet a per-connector override (user input): an https URL on one of the cloud's own hosts, or
 * on the host the operator configured. A 422 at `path` otherwise, before anything is contacted.
 */
export function checkEndpointOverride(service: CloudService, value: string, path: string): string {
  const spec = CLOUD_SERVICES[service];
  const refuse = (problem: string): never => {
    throw new AppError("INVALID_INPUT", `${path}: ${problem}`, path);
  };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return refuse(`must be an https URL such as ${spec.example}`);
  }
  if (url.protocol !== "https:") refuse("must use https://");
  if (url.username || url.password || url.search || url.hash)
    refuse("must not carry credentials, a query or a fragment");
  if (!spec.hosts.some((pattern) => pattern.test(url.hostname)) && url.hostname !== operatorHost(service)) {
    refuse(`must be an endpoint of ${spec.label}, such as ${spec.example}`);
  }
  return normalize(url.toString());
}

function operatorHost(service: CloudService): string | undefined {
  const configured = getConfig()[CLOUD_SERVICES[service].overrideVariable];
  if (!configured) return undefined;
  return new URL(configured.replaceAll("{region}", "region")).hostname;
}

function normalize(url: string): string {
  return url.replace(/\/+$/, "");
}
