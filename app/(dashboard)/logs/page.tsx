import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui";

export const metadata: Metadata = { title: "Logs" };

export default function LogsPage() {
  return (
    <>
      <PageHeader title="Logs" description="Live logs across every pod of a workload." />
      <EmptyState
        data-testid="logs-empty-state"
        title="Nothing to show yet"
        description="Logs can be followed once a cluster is connected."
      />
    </>
  );
}
