-- Cloud connectors (EKS, GKE, AKS): clusters whose tokens Pilothouse mints with the cloud's SDK.
-- The connector's non-secret settings are plain JSON; its secrets go in "credential", encrypted
-- per field like kubeconfig secrets.
ALTER TYPE "ClusterAuthType" ADD VALUE 'eks';
ALTER TYPE "ClusterAuthType" ADD VALUE 'gke';
ALTER TYPE "ClusterAuthType" ADD VALUE 'aks';
ALTER TABLE "clusters" ADD COLUMN "connector" JSONB;

-- Each organization's ExternalId for AWS AssumeRole: generated once per org (existing orgs get
-- theirs here; gen_random_uuid is volatile, so every row gets its own), unguessable (122 random
-- bits from PostgreSQL's strong random source), never chosen by a user.
ALTER TABLE "organizations"
  ADD COLUMN "aws_external_id" TEXT NOT NULL DEFAULT ('pilothouse-' || replace(gen_random_uuid()::text, '-', ''));
CREATE UNIQUE INDEX "organizations_aws_external_id_key" ON "organizations"("aws_external_id");
