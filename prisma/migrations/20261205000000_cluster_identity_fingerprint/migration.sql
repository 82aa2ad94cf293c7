-- A keyed hash of who a cluster connects as (docs/decisions/0071-duplicate-cluster-identity.md):
-- lets "this server with this same credential is already registered" be found without
-- decrypting every credential. "<key id>:<hex HMAC-SHA256>"; NULL for clusters added before it.
ALTER TABLE "clusters" ADD COLUMN "identity_fingerprint" TEXT;
CREATE INDEX "clusters_org_id_identity_fingerprint_idx" ON "clusters"("org_id", "identity_fingerprint");
