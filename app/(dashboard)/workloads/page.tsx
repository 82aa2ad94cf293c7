import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui";

export const metadata: Metadata = { title: "Workloads" };

export default function WorkloadsPage() {
  return (
    <>
      <PageHeader
        title="Workloads"
        description="Deployments, StatefulSets, DaemonSets, Jobs and CronJobs across clusters."
      />
      <EmptyState
        data-testid="workloads-empty-state"
        title="Nothing to show yet"
        description="Workloads appear here once a cluster is connected."
      />
    </>
  );
}
