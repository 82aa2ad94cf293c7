import { randomUUID } from "node:crypto";
import { type Actor, CLI_OPERATOR } from "../auth/actor";
import { audited } from "../audit/record";
import { CURRENT_FORMAT, type EncryptedField, type Keyring, needsRewrap, rewrapField } from "../crypto/envelope";
import { getDb } from "../db/client";
import type { Prisma } from "../db/generated/client";
import {
  credentialFieldsOf,
  fieldBinding,
  getKeyring,
  openCredential,
  ownerOf,
  type StoredCredential,
} from "./credentials";
import { identityFingerprint } from "./identity";

/**
 * Master key rotation (docs/security.md §2): after PILOTHOUSE_MASTER_KEY changes (the old key moved to
 * PILOTHOUSE_PREVIOUS_MASTER_KEYS), re-wrap every credential's data keys under the new key. The
 * ciphertexts stay as they are; once this has run, the previous keys can be dropped. Credentials
 * still in encryption format 1 (not bound to their endpoint and version) are re-sealed in the
 * current format on the way (docs/decisions/0061).
 */

export type RotationReport = {
  /** Clusters looked at. */
  clusters: number;
  /** Clusters whose credential was re-wrapped (each in its own transaction, audited). */
  rewrappedClusters: number;
  /** Encrypted fields re-wrapped across those clusters. */
  rewrappedFields: number;
  /** Clusters whose credential could not be opened with any key on the keyring (left untouched). */
  failed: { clusterId: string; orgId: string; name: string }[];
};

const STORED_CREDENTIAL = {
  id: true,
  orgId: true,
  name: true,
  server: true,
  caData: true,
  tlsServerName: true,
  authType: true,
  credential: true,
  connector: true,
  credentialVersion: true,
  credentialFormat: true,
} as const;

export async function rewrapAllCredentials(
  options: { keyring?: Keyring; actor?: Actor | null; requestId?: string } = {},
): Promise<RotationReport> {
  const keyring = options.keyring ?? getKeyring();
  const requestId = options.requestId ?? randomUUID();
  const clusters = await getDb().cluster.findMany({ select: STORED_CREDENTIAL, orderBy: { createdAt: "asc" } });
  const report: RotationReport = { clusters: clusters.length, rewrappedClusters: 0, rewrappedFields: 0, failed: [] };
  for (const cluster of clusters) {
    if (staleFields(cluster, keyring).length === 0) continue;
    const scope = { actor: options.actor ?? CLI_OPERATOR, orgId: cluster.orgId, requestId, ip: null };
    try {
      const fields = await audited(
        scope,
        {
          action: "cluster.keys_rotate",
          kind: "Cluster",
          name: cluster.name,
          clusterId: cluster.id,
          summary: `data keys re-wrapped under key ${keyring.currentKeyId}${cluster.credentialFormat < CURRENT_FORMAT ? ", re-sealed bound to its endpoint and version" : ""}`,
        },
        () => rewrapOne(cluster.id, keyring),
      );
      if (fields > 0) report.rewrappedClusters += 1;
      report.rewrappedFields += fields;
    } catch {
      // One unreadable record must not stop the others; the audit row holds the failure.
      report.failed.push({ clusterId: cluster.id, orgId: cluster.orgId, name: cluster.name });
    }
  }
  return report;
}

/** Re-read the row under a lock (a concurrent credential rotation wins or waits), re-wrap, write. */
function rewrapOne(clusterId: string, keyring: Keyring): Promise<number> {
  return getDb().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM clusters WHERE id = ${clusterId}::uuid FOR UPDATE`;
    const cluster = await tx.cluster.findUnique({ where: { id: clusterId }, select: STORED_CREDENTIAL });
    if (!cluster) return 0; // deleted meanwhile: nothing left to protect
    const stale = staleFields(cluster, keyring);
    if (stale.length === 0) return 0;
    const stored = cluster.credential as Record<string, unknown>;
    const credential: Record<string, unknown> = { ...stored };
    const owner = ownerOf(cluster);
    const options = { acceptFormat1: cluster.credentialFormat === 1 };
    for (const field of stale) {
      credential[field] = rewrapField(stored[field], fieldBinding(owner, field), keyring, options);
    }
    // Every field is now in the current format (a format 1 row has only format 1 fields, all stale).
    const upgraded = { ...cluster, credential, credentialFormat: CURRENT_FORMAT };
    // The fingerprint is keyed from the master key too: re-key it, or duplicates stop being found
    // once the previous key is dropped.
    const identity = openCredential(upgraded, keyring);
    await tx.cluster.update({
      where: { id: clusterId },
      data: {
        credential: credential as Prisma.InputJsonValue,
        credentialFormat: CURRENT_FORMAT,
        identityFingerprint: identityFingerprint(cluster.orgId, cluster.server, identity, keyring),
      },
    });
    return stale.length;
  });
}

/** Fields not wrapped under the current key; anything malformed counts as stale, so rewrapField reports it. */
function staleFields(cluster: Pick<StoredCredential, "authType" | "credential">, keyring: Keyring): string[] {
  const stored = (cluster.credential ?? {}) as Record<string, unknown>;
  return credentialFieldsOf(cluster.authType, stored).filter((field) => {
    const record = stored[field];
    if (typeof record !== "object" || record === null) return true;
    return needsRewrap(record as EncryptedField, keyring);
  });
}
