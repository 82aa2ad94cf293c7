import { createHmac, hkdfSync } from "node:crypto";
import type { Keyring } from "../crypto/envelope";
import type { ConnectorConfig } from "../cloud/connector-types";
import { type ClusterCredential, getKeyring } from "./credentials";

/**
 * "Is this server already registered with this same credential?" without decrypting every stored
 * credential (docs/decisions/0071-duplicate-cluster-identity.md). Each cluster stores an
 * HMAC-SHA256 of (org, server, who it connects as) under a key derived from the master key with
 * HKDF. Without the master key the column reveals nothing, and the org is part of the message,
 * so two orgs registering the same token cannot be correlated from the table either.
 */
const FINGERPRINT_INFO = "pilothouse/identity-fingerprint/v1";

/** The fingerprint to store, under the current master key. */
export function identityFingerprint(
  orgId: string,
  server: string,
  credential: ClusterCredential,
  keyring: Keyring = getKeyring(),
): string {
  return fingerprintWith(keyring.currentKeyId, keyring.keys.get(keyring.currentKeyId)!, orgId, server, credential);
}

/**
 * The fingerprints this identity may be stored under: one per key on the keyring, so clusters
 * fingerprinted before a master-key rotation still match until `keys rotate` rewrites them.
 */
export function candidateFingerprints(
  orgId: string,
  server: string,
  credential: ClusterCredential,
  keyring: Keyring = getKeyring(),
): string[] {
  return [...keyring.keys].map(([kid, key]) => fingerprintWith(kid, key, orgId, server, credential));
}

function fingerprintWith(kid: string, masterKey: Buffer, orgId: string, server: string, credential: ClusterCredential) {
  const key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), FINGERPRINT_INFO, 32));
  // The token, or the client certificate (public, and exactly what names the identity; never the key).
  const identity =
    credential.type === "token"
      ? credential.token
      : credential.type === "clientCertificate"
        ? certificateBody(credential.certData)
        : connectorIdentity(credential.config);
  const message = JSON.stringify([FINGERPRINT_INFO, orgId, normalizeServer(server), credential.type, identity]);
  return `${kid}:${createHmac("sha256", key).update(message).digest("hex")}`;
}

/** Who a connector signs in as: the public names of its cloud identity (never a secret). */
function connectorIdentity(config: ConnectorConfig): string {
  if (config.type === "eks") {
    const base = config.auth.method === "accessKey" ? config.auth.accessKeyId : "assumeRole";
    return JSON.stringify([config.clusterName, base, config.auth.roleArn ?? null]);
  }
  if (config.type === "gke") return config.auth.clientEmail;
  return JSON.stringify([config.tenantId, config.clientId, config.serverId ?? null]);
}

/** The same certificate whatever its base64 line wrapping. */
function certificateBody(certData: string) {
  return Buffer.from(certData, "base64").toString("utf8").replace(/\s+/g, "");
}

/** `https://Host:6443/` and `https://host:6443` are the same server. */
function normalizeServer(server: string) {
  try {
    return new URL(server).href.replace(/\/$/, "");
  } catch {
    return server;
  }
}
