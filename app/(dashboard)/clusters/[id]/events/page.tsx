import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { EventsView } from "@/components/events/events-view";
import { PageHeader } from "@/components/shell/page-header";
import { AppError } from "@/lib/errors";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow } from "@/lib/server/clusters/service";

export const metadata: Metadata = { title: "Events" };

type Props = { params: Promise<{ id: string }> };

/**
 * A cluster's events grouped by object, warnings first, live. This static route takes
 * `/clusters/:id/events` from the generic list (the grouped view is the better one for Events);
 * an Event's own detail page is still `/clusters/:id/events/:namespace/:name`.
 */
export default async function EventsPage({ params }: Props) {
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
      </nav>
      <PageHeader title="Events" description="Grouped by the object they are about; objects with warnings first." />
      <NuqsAdapter>
        <EventsView clusterId={id} />
      </NuqsAdapter>
    </>
  );
}
