import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClusterDetail } from "@/components/clusters/cluster-detail";
import type { ClusterManagement } from "@/components/clusters/types";
import { PageHeader } from "@/components/shell/page-header";
import { AppError } from "@/lib/errors";
import { can, denialReason } from "@/lib/permissions";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow, serializeCluster } from "@/lib/server/clusters/service";

export const metadata: Metadata = { title: "Cluster" };

type Props = { params: Promise<{ id: string }> };

/** A cluster of the viewer's org (another org's id is the same 404 as a missing one). */
export default async function ClusterPage({ params }: Props) {
  const viewer = await requireOrgViewer();
  const { id } = await params;
  const cluster = await getClusterOrThrow(viewer.org.id, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const management: ClusterManagement = can(viewer.role, "clusters.manage")
    ? { canManage: true }
    : { canManage: false, denial: denialReason("clusters.manage") };
  const view = serializeCluster(cluster);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/clusters" className="text-text-muted hover:text-text hover:underline">
          ← Clusters
        </Link>
      </nav>
      <PageHeader
        title={view.name}
        description="Health, version and size, kept up to date. Workloads, events and logs for this cluster come next."
      />
      <div className="max-w-3xl" data-testid="cluster-detail">
        <ClusterDetail cluster={view} management={management} />
      </div>
    </>
  );
}
