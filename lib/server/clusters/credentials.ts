import { AppError } from "@/lib/errors";
import type { Prisma } from "../db/generated/client";
import { decryptField, encryptField, keyringFromEnv, type Keyring } from "../crypto/envelope";
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

/** Encrypt a credential for storage in `clusters.credential`. */
export function sealCredential(
  orgId: string,
  clusterId: string,
  credential: KubeconfigCredential,
  keyring = getKeyring(),
) {
  const seal = (field: string, value: string) => encryptField(value, { orgId, clusterId, field }, keyring);
  const sealed =
    credential.type === "token"
      ? { token: seal("token", credential.token) }
      : {
          clientCertificateData: seal("clientCertificateData", credential.certData),
          clientKeyData: seal("clientKeyData", credential.keyData),
        };
  return sealed as unknown as Prisma.InputJsonValue;
}

/** Decrypt for one request's use. Fails closed: a record that does not authenticate is an error, never plaintext. */
export function openCredential(
  cluster: { id: string; orgId: string; authType: "token" | "client_certificate"; credential: unknown },
  keyring = getKeyring(),
): KubeconfigCredential {
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
  throw new AppError("INTERNAL", "a stored credential could not be decrypted");
}

export function authTypeOf(credential: KubeconfigCredential): "token" | "client_certificate" {
  return credential.type === "token" ? "token" : "client_certificate";
}

export function credentialFieldsOf(authType: "token" | "client_certificate"): readonly string[] {
  return authType === "token" ? FIELDS.token : FIELDS.clientCertificate;
}
