import { randomUUID } from "node:crypto";
import type { Actor } from "../auth/actor";
import { audited } from "../audit/record";
import { type EncryptedField, type Keyring, needsRewrap, rewrapField } from "../crypto/envelope";
import { getDb } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { type AuthType, credentialFieldsOf, getKeyring } from "./credentials";

/**
 * Master key rotation (docs/security.md §2): after PILOTHOUSE_MASTER_KEY changes (the old key moved to
 * PILOTHOUSE_PREVIOUS_MASTER_KEYS), re-wrap every credential's data keys under the new key. The
 * ciphertexts stay as they are; once this has run, the previous keys can be dropped.
 */

/** The operator at a terminal: audited as the CLI, with no user behind it. */
export const CLI_OPERATOR = Object.freeze({ type: "cli", userId: null, email: null }) as unknown as Actor;

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

type StoredCredential = {
  id: string;
  orgId: string;
  name: string;
  authType: AuthType;
  credential: unknown;
};

export async function rewrapAllCredentials(
  options: { keyring?: Keyring; actor?: Actor | null; requestId?: string } = {},
): Promise<RotationReport> {
  const keyring = options.keyring ?? getKeyring();
  const requestId = options.requestId ?? randomUUID();
  const clusters = await getDb().cluster.findMany({
    select: { id: true, orgId: true, name: true, authType: true, credential: true },
    orderBy: { createdAt: "asc" },
  });
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
          summary: `data keys re-wrapped under key ${keyring.currentKeyId}`,
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
    const cluster = await tx.cluster.findUnique({
      where: { id: clusterId },
      select: { id: true, orgId: true, name: true, authType: true, credential: true },
    });
    if (!cluster) return 0; // deleted meanwhile: nothing left to protect
    const stale = staleFields(cluster, keyring);
    if (stale.length === 0) return 0;
    const stored = cluster.credential as Record<string, unknown>;
    const credential: Record<string, unknown> = { ...stored };
    for (const field of stale) {
      credential[field] = rewrapField(stored[field], { orgId: cluster.orgId, clusterId: cluster.id, field }, keyring);
    }
    await tx.cluster.update({ where: { id: clusterId }, data: { credential: credential as Prisma.InputJsonValue } });
    return stale.length;
  });
}

/** Fields not wrapped under the current key; anything malformed counts as stale, so rewrapField reports it. */
function staleFields(cluster: StoredCredential, keyring: Keyring): string[] {
  const stored = (cluster.credential ?? {}) as Record<string, unknown>;
  return credentialFieldsOf(cluster.authType, stored).filter((field) => {
    const record = stored[field];
    if (typeof record !== "object" || record === null) return true;
    return needsRewrap(record as EncryptedField, keyring);
  });
}
