import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { Prisma } from "../db/generated/client";
import { decryptField, encryptField, type FieldBinding, keyringFromEnv, type Keyring } from "../crypto/envelope";
import type { KubeconfigCredential } from "../k8s/kubeconfig";

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

/** Where the credential is sent: a change to any of these is a different endpoint. */
export type CredentialEndpoint = { server: string; caData?: string | null; tlsServerName?: string | null };

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
  const parts = [endpoint.server, endpoint.caData ?? null, endpoint.tlsServerName ?? null];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
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

/** Encrypt a credential for storage in `clusters.credential` (always the current format). */
export function sealCredential(owner: CredentialOwner, credential: KubeconfigCredential, keyring = getKeyring()) {
  const seal = (field: string, value: string) => encryptField(value, fieldBinding(owner, field), keyring);
  const sealed =
    credential.type === "token"
      ? { token: seal("token", credential.token) }
      : {
          clientCertificateData: seal("clientCertificateData", credential.certData),
          clientKeyData: seal("clientKeyData", credential.keyData),
        };
  return sealed as unknown as Prisma.InputJsonValue;
}

/** A cluster row as far as opening its credential goes. */
export type StoredCredential = CredentialEndpoint & {
  id: string;
  orgId: string;
  authType: "token" | "client_certificate";
  credential: unknown;
  credentialVersion: number;
  /** 1: written before endpoint binding existed, and not yet upgraded (see docs/decisions/0061). */
  credentialFormat: number;
};

export function ownerOf(cluster: StoredCredential): CredentialOwner {
  const { server, caData, tlsServerName } = cluster;
  return {
    orgId: cluster.orgId,
    clusterId: cluster.id,
    endpoint: { server, caData, tlsServerName },
    credentialVersion: cluster.credentialVersion,
  };
}

/** Decrypt for one request's use. Fails closed: a record that does not authenticate is an error, never plaintext. */
export function openCredential(cluster: StoredCredential, keyring = getKeyring()): KubeconfigCredential {
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
  throw new AppError("INTERNAL", "a stored credential could not be decrypted");
}

export function authTypeOf(credential: KubeconfigCredential): "token" | "client_certificate" {
  return credential.type === "token" ? "token" : "client_certificate";
}

export function credentialFieldsOf(authType: "token" | "client_certificate"): readonly string[] {
  return authType === "token" ? FIELDS.token : FIELDS.clientCertificate;
}
