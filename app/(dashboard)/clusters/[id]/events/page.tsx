import type { Metadata } from "next";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { EventsView } from "@/components/events/events-view";
import { ClusterBreadcrumb } from "@/components/resources/cluster-breadcrumb";
import { PageHeader } from "@/components/shell/page-header";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow } from "@/lib/server/clusters/service";
import { notFoundOn404 } from "@/lib/server/http/not-found";

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
  const cluster = await getClusterOrThrow(viewer.org.id, id).catch(notFoundOn404);
  return (
    <>
      <ClusterBreadcrumb clusterId={id} clusterName={cluster.name} />
      <PageHeader title="Events" description="Grouped by the object they are about; objects with warnings first." />
      <NuqsAdapter>
        <EventsView clusterId={id} />
      </NuqsAdapter>
    </>
  );
}
