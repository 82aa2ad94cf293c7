-- Saved and shared list views (docs/resource-views.md, Saved and shared views).
CREATE TYPE "ViewVisibility" AS ENUM ('private', 'org');

CREATE TABLE "saved_views" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "visibility" "ViewVisibility" NOT NULL DEFAULT 'private',
    "cluster_ids" UUID[],
    "resource" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "saved_views_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "saved_views_org_id_visibility_idx" ON "saved_views"("org_id", "visibility");
CREATE INDEX "saved_views_org_id_owner_id_idx" ON "saved_views"("org_id", "owner_id");
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
