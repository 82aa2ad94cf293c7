-- Registered clusters: allowlisted kubeconfig fields only, the credential encrypted per field.
CREATE TYPE "ClusterAuthType" AS ENUM ('token', 'client_certificate');

CREATE TABLE "clusters" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "ca_data" TEXT,
    "tls_server_name" TEXT,
    "namespace" TEXT,
    "auth_type" "ClusterAuthType" NOT NULL,
    "credential" JSONB NOT NULL,
    "credential_version" INTEGER NOT NULL DEFAULT 1,
    "impersonate" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "clusters_org_id_name_key" ON "clusters"("org_id", "name");
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
