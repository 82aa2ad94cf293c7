import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClusterDetail } from "@/components/clusters/cluster-detail";
import { ClusterOverview } from "@/components/clusters/overview/cluster-overview";
import { NamespaceScope } from "@/components/clusters/overview/namespace-scope";
import { KindNav } from "@/components/resources/kind-nav";
import type { ClusterManagement } from "@/components/clusters/types";
import { PageHeader } from "@/components/shell/page-header";
import { AppError } from "@/lib/errors";
import { can, denialReason } from "@/lib/permissions";
import { orgContextOf, requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow, serializeCluster } from "@/lib/server/clusters/service";
import { discoverNamespacesOrAll } from "@/lib/server/resources/namespace-discovery";
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
  const context = await orgContextOf(viewer);
  const [kinds, access] = await Promise.all([kindLinksOrBuiltIns(context, id), discoverNamespacesOrAll(context, id)]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/clusters" className="text-text-muted hover:text-text hover:underline">
          ← Clusters
        </Link>
      </nav>
      <PageHeader
        title={view.name}
        description="What is wrong right now, health and size, and every kind the cluster serves — all live."
        actions={
          <Link
            href={`/clusters/${view.id}/events`}
            className="text-sm text-accent hover:underline"
            data-testid="cluster-events-link"
          >
            Events
          </Link>
        }
      />
      <div className="flex flex-col gap-4">
        <div className="max-w-3xl" data-testid="cluster-detail">
          <ClusterDetail cluster={view} management={management} />
        </div>
        {access.clusterWide ? null : <NamespaceScope clusterId={view.id} namespaces={access.namespaces} />}
        <ClusterOverview clusterId={view.id} {...(!access.clusterWide && { namespaces: access.namespaces })} />
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
