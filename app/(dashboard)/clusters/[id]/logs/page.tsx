import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { LogViewer } from "@/components/logs/log-viewer";
import { AppError } from "@/lib/errors";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow } from "@/lib/server/clusters/service";

export const metadata: Metadata = { title: "Logs" };

type Props = { params: Promise<{ id: string }> };

/**
 * Live logs on one cluster (docs/logs.md, The viewer): a pod, every pod of a workload, or a label
 * selector, with every setting in the URL. Another org's cluster is the same 404 as a missing one.
 */
export default async function ClusterLogsPage({ params }: Props) {
  const viewer = await requireOrgViewer();
  const { id } = await params;
  const cluster = await getClusterOrThrow(viewer.org.id, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex gap-1 text-sm text-text-muted">
        <Link href="/clusters" className="hover:text-text hover:underline">
          Clusters
        </Link>
        <span aria-hidden="true">/</span>
        <Link href={`/clusters/${id}`} className="truncate hover:text-text hover:underline">
          {cluster.name}
        </Link>
        <span aria-hidden="true">/</span>
        <span className="text-text">Logs</span>
      </nav>
      <NuqsAdapter>
        <LogViewer clusterId={id} />
      </NuqsAdapter>
    </>
  );
}
