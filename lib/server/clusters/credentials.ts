import { AppError } from "@/lib/errors";
import type { $Enums, Prisma } from "../db/generated/client";
import { decryptField, encryptField, keyringFromEnv, type Keyring } from "../crypto/envelope";
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

/** Encrypt a credential's secret fields for storage in `clusters.credential`. */
export function sealCredential(
  orgId: string,
  clusterId: string,
  credential: ClusterCredential,
  keyring = getKeyring(),
) {
  const seal = (field: string, value: string) => encryptField(value, { orgId, clusterId, field }, keyring);
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

type StoredCredential = {
  id: string;
  orgId: string;
  authType: AuthType;
  credential: unknown;
  connector?: unknown;
};

/** Decrypt for one request's use. Fails closed: a record that does not authenticate is an error, never plaintext. */
export function openCredential(cluster: StoredCredential, keyring = getKeyring()): ClusterCredential {
  const stored = (cluster.credential ?? {}) as Record<string, unknown>;
  const open = (field: string) =>
    decryptField(stored[field], { orgId: cluster.orgId, clusterId: cluster.id, field }, keyring);
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
