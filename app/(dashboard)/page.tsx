import { PageHeader } from "@/components/shell/page-header";
import { Button, EmptyState } from "@/components/ui";

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" description="Health of every cluster you can reach, at a glance." />
      <EmptyState
        data-testid="overview-empty-state"
        title="No clusters yet — add your first cluster"
        description={
          <>
            <p>
              Clusters are added from a kubeconfig. Pilothouse keeps the credential on the server, so your browser never
              talks to a cluster directly.
            </p>
            <p className="mt-2">Once a cluster is connected, its health, workloads and events show up here.</p>
          </>
        }
        action={
          <>
            <Button data-testid="add-cluster-button" disabled aria-describedby="add-cluster-note">
              Add cluster
            </Button>
            <p id="add-cluster-note" className="text-xs text-text-muted">
              Adding clusters arrives in a later release.
            </p>
          </>
        }
      />
    </>
  );
}
