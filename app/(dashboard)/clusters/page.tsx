import type { Metadata } from "next";
import { AddClusterButton } from "@/components/clusters/add-cluster-button";
import { ClusterGrid } from "@/components/clusters/cluster-grid";
import type { ClusterManagement } from "@/components/clusters/types";
import { PageHeader } from "@/components/shell/page-header";
import { can, denialReason } from "@/lib/permissions";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { listClusters } from "@/lib/server/clusters/service";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage({ searchParams }: { searchParams: Promise<{ add?: string | string[] }> }) {
  const viewer = await requireOrgViewer();
  const clusters = await listClusters(viewer.org.id);
  const management: ClusterManagement = can(viewer.role, "clusters.manage")
    ? { canManage: true }
    : { canManage: false, denial: denialReason("clusters.manage") };
  // /clusters?add=1 (the overview's "Add cluster") opens the dialog straight away.
  const openAdd = (await searchParams).add === "1";
  return (
    <>
      <PageHeader
        title="Clusters"
        description={`Every cluster ${viewer.org.name} has connected, with its health kept up to date.`}
        actions={clusters.length > 0 ? <AddClusterButton management={management} openInitially={openAdd} /> : undefined}
      />
      <ClusterGrid clusters={clusters} management={management} openAddInitially={openAdd} />
    </>
  );
}
