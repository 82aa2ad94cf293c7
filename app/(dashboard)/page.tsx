import Link from "next/link";
import { FleetSummary } from "@/components/clusters/fleet-summary";
import { PageHeader } from "@/components/shell/page-header";
import { Button, buttonClassName, EmptyState } from "@/components/ui";
import { can, denialReason } from "@/lib/permissions";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { listClusters } from "@/lib/server/clusters/service";

export default async function OverviewPage() {
  const viewer = await requireOrgViewer();
  const clusters = await listClusters(viewer.org.id);
  return (
    <>
      <PageHeader title="Overview" description="Health of every cluster you can reach, at a glance." />
      {clusters.length > 0 ? (
        <FleetSummary clusters={clusters} />
      ) : (
        <EmptyState
          data-testid="overview-empty-state"
          title="No clusters yet — add your first cluster"
          description={
            <>
              <p>
                Clusters are added from a kubeconfig. Pilothouse keeps the credential on the server, so your browser
                never talks to a cluster directly.
              </p>
              <p className="mt-2">Once a cluster is connected, its health, workloads and events show up here.</p>
            </>
          }
          action={
            can(viewer.role, "clusters.manage") ? (
              <Link href="/clusters?add=1" data-testid="add-cluster-button" className={buttonClassName()}>
                Add cluster
              </Link>
            ) : (
              <>
                <Button data-testid="add-cluster-button" disabled aria-describedby="add-cluster-note">
                  Add cluster
                </Button>
                <p id="add-cluster-note" className="text-xs text-text-muted">
                  {denialReason("clusters.manage")} to add clusters. Ask an admin of {viewer.org.name}.
                </p>
              </>
            )
          }
        />
      )}
    </>
  );
}
