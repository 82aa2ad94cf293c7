-- Private networks an operator opens to one organization alone (docs/decisions/0062).
CREATE TABLE "network_grants" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "cidr" TEXT NOT NULL,
    "ports" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "network_grants_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "network_grants_org_id_cidr_key" ON "network_grants"("org_id", "cidr");
ALTER TABLE "network_grants" ADD CONSTRAINT "network_grants_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
