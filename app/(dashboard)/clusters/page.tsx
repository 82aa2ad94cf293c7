import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui";

export const metadata: Metadata = { title: "Clusters" };

export default function ClustersPage() {
  return (
    <>
      <PageHeader title="Clusters" description="Every cluster your organization has connected." />
      <EmptyState
        data-testid="clusters-empty-state"
        title="No clusters yet"
        description="Clusters are added from a kubeconfig. Once one is connected it is listed here with its version and health."
      />
    </>
  );
}
