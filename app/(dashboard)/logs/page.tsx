import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState, buttonClassName } from "@/components/ui";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { listClusters } from "@/lib/server/clusters/service";

export const metadata: Metadata = { title: "Logs" };

/** Where logs start: choose a cluster, then (on its logs page) a namespace and a pod or workload. */
export default async function LogsPage() {
  const viewer = await requireOrgViewer();
  const clusters = await listClusters(viewer.org.id);
  return (
    <>
      <PageHeader
        title="Logs"
        description="Live logs of one pod, every pod of a workload, or any label selector, merged by time."
      />
      {clusters.length === 0 ? (
        <EmptyState
          data-testid="logs-empty-state"
          title="No cluster to read from yet"
          description="Logs can be followed once a cluster is connected."
          action={
            <Link href="/clusters" className={buttonClassName()}>
              Connect a cluster
            </Link>
          }
        />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="logs-clusters">
          {clusters.map((cluster) => (
            <li key={cluster.id}>
              <Link
                href={`/clusters/${cluster.id}/logs`}
                className="block rounded-lg border border-border bg-surface-raised p-4 hover:border-accent"
                data-testid={`logs-cluster-${cluster.name}`}
              >
                <span className="block font-medium">{cluster.name}</span>
                <span className="block truncate text-xs text-text-muted">{cluster.server}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
