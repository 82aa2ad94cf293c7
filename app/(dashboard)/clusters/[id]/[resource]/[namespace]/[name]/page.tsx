import type { Metadata } from "next";
import Link from "next/link";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { ClusterBreadcrumb } from "@/components/resources/cluster-breadcrumb";
import { NoAccess } from "@/components/resources/detail/no-access";
import { ObjectDetail } from "@/components/resources/detail/object-detail";
import { namespaceOfSegment } from "@/lib/resources/links";
import { pluralTitle } from "@/lib/resources/list-view";
import { orgContextOf, requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow } from "@/lib/server/clusters/service";
import { notFoundOn404 } from "@/lib/server/http/not-found";
import { describeOperationsOnce } from "@/lib/server/operations/access";
import { describeObjectView } from "@/lib/server/resources/object-view";

type Props = { params: Promise<{ id: string; resource: string; namespace: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

/**
 * One object of any kind (`/clusters/:id/:resource/:namespace/:name`, `-` for cluster-scoped),
 * live. Another org's cluster, a resource the cluster does not serve or a namespace that does
 * not fit the kind is a 404; an object the viewer may not see is the no-access page.
 */
export default async function ObjectPage({ params }: Props) {
  const viewer = await requireOrgViewer();
  const raw = await params;
  const [id, resourceName, namespaceSegment, name] = [raw.id, raw.resource, raw.namespace, raw.name].map(
    decodeURIComponent,
  ) as [string, string, string, string];
  const namespace = namespaceOfSegment(namespaceSegment);
  const context = await orgContextOf(viewer);
  // One server render answers every header action and tab (they used to ask once each), and the
  // reads run side by side rather than one after another.
  const [cluster, view, operations] = await Promise.all([
    getClusterOrThrow(viewer.org.id, id).catch(notFoundOn404),
    describeObjectView(context, id, resourceName, namespace).catch(notFoundOn404),
    describeOperationsOnce(context, {
      clusterId: id,
      resource: resourceName,
      ...(namespace !== undefined && { namespace }),
      name,
    }),
  ]);
  return (
    <>
      <ClusterBreadcrumb clusterId={id} clusterName={cluster.name}>
        <Link
          href={`/clusters/${id}/${encodeURIComponent(view.resource.name)}${namespace ? `?ns=${encodeURIComponent(namespace)}` : ""}`}
          className="hover:text-text hover:underline"
          data-testid="breadcrumb-kind"
        >
          {pluralTitle(view.resource.kind)}
        </Link>
      </ClusterBreadcrumb>
      {view.access === "denied" ? (
        <NoAccess
          clusterId={id}
          clusterName={cluster.name}
          kind={view.resource.kind}
          {...(namespace !== undefined && { namespace })}
          name={name}
          denial={view.denial}
        />
      ) : (
        <NuqsAdapter>
          <ObjectDetail
            clusterId={id}
            resource={view.resource}
            {...(namespace !== undefined && { namespace })}
            name={name}
            operations={operations}
          />
        </NuqsAdapter>
      )}
    </>
  );
}
