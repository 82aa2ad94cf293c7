import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { NoAccess } from "@/components/resources/detail/no-access";
import { ObjectDetail } from "@/components/resources/detail/object-detail";
import { AppError } from "@/lib/errors";
import { namespaceOfSegment } from "@/lib/resources/links";
import { pluralTitle } from "@/lib/resources/list-view";
import { orgContextOf, requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow } from "@/lib/server/clusters/service";
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
  const cluster = await getClusterOrThrow(viewer.org.id, id).catch(notFoundOn404);
  const view = await describeObjectView(await orgContextOf(viewer), id, resourceName, namespace).catch(notFoundOn404);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 flex min-w-0 flex-wrap gap-1 text-sm text-text-muted">
        <Link href="/clusters" className="hover:text-text hover:underline">
          Clusters
        </Link>
        <span aria-hidden="true">/</span>
        <Link href={`/clusters/${id}`} className="truncate hover:text-text hover:underline">
          {cluster.name}
        </Link>
        <span aria-hidden="true">/</span>
        <Link
          href={`/clusters/${id}/${encodeURIComponent(view.resource.name)}${namespace ? `?ns=${encodeURIComponent(namespace)}` : ""}`}
          className="hover:text-text hover:underline"
          data-testid="breadcrumb-kind"
        >
          {pluralTitle(view.resource.kind)}
        </Link>
      </nav>
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
          />
        </NuqsAdapter>
      )}
    </>
  );
}

function notFoundOn404(error: unknown): never {
  if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
  throw error;
}
