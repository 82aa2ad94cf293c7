import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { $Enums, Prisma } from "../db/generated/client";
import { decryptField, encryptField, type FieldBinding, keyringFromEnv, type Keyring } from "../crypto/envelope";
import type { KubeconfigCredential } from "../k8s/kubeconfig";
import {
  CONNECTOR_SECRET_FIELDS,
  type ConnectorCredential,
  type ConnectorSecretField,
  type ConnectorSecrets,
} from "../cloud/connector-types";
import { parseStoredConnector } from "../cloud/connectors";

/** A cluster's credential: allowlisted kubeconfig material, or a cloud connector. */
export type ClusterCredential = KubeconfigCredential | ConnectorCredential;
export type AuthType = $Enums.ClusterAuthType;

/** The encrypted fields of each credential type; the names are bound into each ciphertext's AAD. */
const FIELDS = {
  token: ["token"],
  clientCertificate: ["clientCertificateData", "clientKeyData"],
} as const;

export function getKeyring(): Keyring {
  return keyringFromEnv({
    PILOTHOUSE_MASTER_KEY: process.env.PILOTHOUSE_MASTER_KEY,
    PILOTHOUSE_PREVIOUS_MASTER_KEYS: process.env.PILOTHOUSE_PREVIOUS_MASTER_KEYS,
  });
}

/**
 * Where the credential is sent: a change to any of these is a different endpoint. A connector's
 * settings count too: they name the token endpoint an AKS client secret is sent to, the role
 * assumed, the region signed for.
 */
export type CredentialEndpoint = {
  server: string;
  caData?: string | null;
  tlsServerName?: string | null;
  connector?: unknown;
};

/**
 * What a stored credential is bound to (docs/security.md §2): its org, cluster, the endpoint it
 * is sent to and its version. Changing any of them in the database makes it fail to open.
 */
export type CredentialOwner = {
  orgId: string;
  clusterId: string;
  endpoint: CredentialEndpoint;
  credentialVersion: number;
};

/** One fixed-length name for an endpoint (a CA is kilobytes), for the encryption's authenticated data. */
export function endpointBinding(endpoint: CredentialEndpoint): string {
  const parts: unknown[] = [endpoint.server, endpoint.caData ?? null, endpoint.tlsServerName ?? null];
  // Kubeconfig rows keep the three-part digest they were sealed with; connectors add their settings.
  if (endpoint.connector !== undefined && endpoint.connector !== null) parts.push(canonicalJson(endpoint.connector));
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep the order a row was written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function fieldBinding(owner: CredentialOwner, field: string): FieldBinding {
  return {
    orgId: owner.orgId,
    clusterId: owner.clusterId,
    field,
    endpoint: endpointBinding(owner.endpoint),
    credentialVersion: owner.credentialVersion,
  };
}

/** Encrypt a credential's secret fields for storage in `clusters.credential` (always the current format). */
export function sealCredential(owner: CredentialOwner, credential: ClusterCredential, keyring = getKeyring()) {
  const seal = (field: string, value: string) => encryptField(value, fieldBinding(owner, field), keyring);
  const sealed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(plainFieldsOf(credential))) sealed[field] = seal(field, value);
  return sealed as Prisma.InputJsonValue;
}

function plainFieldsOf(credential: ClusterCredential): Record<string, string> {
  if (credential.type === "token") return { token: credential.token };
  if (credential.type === "clientCertificate")
    return { clientCertificateData: credential.certData, clientKeyData: credential.keyData };
  return Object.fromEntries(Object.entries(credential.secrets).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;
}

/** A cluster row as far as opening its credential goes. */
export type StoredCredential = Omit<CredentialEndpoint, "connector"> & {
  id: string;
  orgId: string;
  authType: AuthType;
  credential: unknown;
  /** A connector's settings (`clusters.connector`); null for kubeconfig credentials. */
  connector?: unknown;
  credentialVersion: number;
  /** 1: written before endpoint binding existed, and not yet upgraded (see docs/decisions/0061). */
  credentialFormat: number;
};

export function ownerOf(cluster: StoredCredential): CredentialOwner {
  const { server, caData, tlsServerName, connector } = cluster;
  return {
    orgId: cluster.orgId,
    clusterId: cluster.id,
    endpoint: { server, caData, tlsServerName, connector: connector ?? null },
    credentialVersion: cluster.credentialVersion,
  };
}

/** Decrypt for one request's use. Fails closed: a record that does not authenticate is an error, never plaintext. */
export function openCredential(cluster: StoredCredential, keyring = getKeyring()): ClusterCredential {
  const stored = (cluster.credential ?? {}) as Record<string, unknown>;
  const owner = ownerOf(cluster);
  const options = { acceptFormat1: cluster.credentialFormat === 1 };
  const open = (field: string) => decryptField(stored[field], fieldBinding(owner, field), keyring, options);
  if (cluster.authType === "token") return { type: "token", token: open(FIELDS.token[0]) };
  if (cluster.authType === "client_certificate") {
    return {
      type: "clientCertificate",
      certData: open(FIELDS.clientCertificate[0]),
      keyData: open(FIELDS.clientCertificate[1]),
    };
  }
  const config = parseStoredConnector(cluster.connector);
  if (config.type !== cluster.authType) throw new AppError("INTERNAL", "a stored connector could not be read");
  const secrets: Partial<Record<ConnectorSecretField, string>> = {};
  for (const field of storedConnectorFields(config.type, stored)) secrets[field] = open(field);
  return { type: "connector", config, secrets: secrets as ConnectorSecrets };
}

export function authTypeOf(credential: ClusterCredential): AuthType {
  if (credential.type === "token") return "token";
  if (credential.type === "clientCertificate") return "client_certificate";
  return credential.config.type;
}

/**
 * The encrypted fields a stored credential holds: the fixed ones of kubeconfig credentials (a
 * missing one is an error when opened), and whichever of its type's fields a connector stored.
 */
export function credentialFieldsOf(authType: AuthType, stored: unknown): readonly string[] {
  if (authType === "token") return FIELDS.token;
  if (authType === "client_certificate") return FIELDS.clientCertificate;
  return storedConnectorFields(authType, stored);
}

function storedConnectorFields(type: ConnectorCredential["config"]["type"], stored: unknown): ConnectorSecretField[] {
  const record = (stored ?? {}) as Record<string, unknown>;
  return CONNECTOR_SECRET_FIELDS[type].filter((field) => record[field] !== undefined);
}
