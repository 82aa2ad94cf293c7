-- Event history: Kubernetes Events kept beyond their one-hour lifetime (docs/logs.md).
CREATE TABLE "cluster_events" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "uid" TEXT NOT NULL,
    "namespace" TEXT,
    "involved_kind" TEXT NOT NULL,
    "involved_name" TEXT NOT NULL,
    "involved_uid" TEXT,
    "type" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "source" TEXT,
    "count" INTEGER NOT NULL,
    "last_seen" TIMESTAMP(3) NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "cluster_events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "cluster_events_cluster_id_uid_key" ON "cluster_events"("cluster_id", "uid");
CREATE INDEX "cluster_events_cluster_id_last_seen_idx" ON "cluster_events"("cluster_id", "last_seen");
CREATE INDEX "cluster_events_object_idx" ON "cluster_events"("cluster_id", "namespace", "involved_kind", "involved_name", "last_seen");
ALTER TABLE "cluster_events" ADD CONSTRAINT "cluster_events_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
