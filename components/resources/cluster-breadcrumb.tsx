import Link from "next/link";
import type { ReactNode } from "react";

/** Clusters / <cluster> / …: the trail above every page inside a cluster. */
export function ClusterBreadcrumb({
  clusterId,
  clusterName,
  children,
}: {
  clusterId: string;
  clusterName: string;
  children?: ReactNode;
}) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 flex min-w-0 flex-wrap gap-1 text-sm text-text-muted">
      <Link href="/clusters" className="hover:text-text hover:underline">
        Clusters
      </Link>
      <span aria-hidden="true">/</span>
      <Link href={`/clusters/${clusterId}`} className="truncate hover:text-text hover:underline">
        {clusterName}
      </Link>
      {children ? (
        <>
          <span aria-hidden="true">/</span>
          {children}
        </>
      ) : null}
    </nav>
  );
}
