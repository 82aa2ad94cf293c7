import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClusterDetail } from "@/components/clusters/cluster-detail";
import { KindNav } from "@/components/resources/kind-nav";
import type { ClusterManagement } from "@/components/clusters/types";
import { PageHeader } from "@/components/shell/page-header";
import { AppError } from "@/lib/errors";
import { can, denialReason } from "@/lib/permissions";
import { orgContextOf, requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow, serializeCluster } from "@/lib/server/clusters/service";
import { kindLinksOrBuiltIns } from "@/lib/server/resources/resource-view";

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
  const kinds = await kindLinksOrBuiltIns(await orgContextOf(viewer), id);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/clusters" className="text-text-muted hover:text-text hover:underline">
          ← Clusters
        </Link>
      </nav>
      <PageHeader
        title={view.name}
        description="Health, version and size, kept up to date, and every kind the cluster serves."
      />
      <div className="max-w-3xl" data-testid="cluster-detail">
        <ClusterDetail cluster={view} management={management} />
      </div>
      <section aria-labelledby="cluster-kinds" className="mt-8 max-w-5xl">
        <h2 id="cluster-kinds" className="mb-3 text-lg font-semibold text-text">
          Resources
        </h2>
        <KindNav clusterId={view.id} kinds={kinds} layout="columns" />
      </section>
    </>
  );
}
