import type { Metadata } from "next";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { CreateAction } from "@/components/operations/create-action";
import { ClusterBreadcrumb } from "@/components/resources/cluster-breadcrumb";
import { KindNav } from "@/components/resources/kind-nav";
import { ResourceList } from "@/components/resources/resource-list";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui";
import { SaveViewButton } from "@/components/views/save-view-button";
import { AppError } from "@/lib/errors";
import { type FirstWindow, listOptionsOf, requestOf, subscriptionKey } from "@/lib/realtime/list-request";
import { parseListView, pluralTitle, windowFor } from "@/lib/resources/list-view";
import type { OrgContext } from "@/lib/server/auth/actor";
import { orgContextOf, requireOrgViewer } from "@/lib/server/auth/viewer";
import { getClusterOrThrow, listClusters } from "@/lib/server/clusters/service";
import { notFoundOn404 } from "@/lib/server/http/not-found";
import { firstWindowFromCache } from "@/lib/server/resources/first-window";
import { describeResourceView, type ResourceView } from "@/lib/server/resources/resource-view";

type Props = {
  params: Promise<{ id: string; resource: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { resource } = await params;
  return { title: decodeURIComponent(resource) };
}

/**
 * The live list of one kind on one cluster (`pods`, `deployments.apps`, a CRD's `plural.group`).
 * Another org's cluster, or a resource the cluster does not serve, is a 404.
 */
export default async function ResourceListPage({ params, searchParams }: Props) {
  const viewer = await requireOrgViewer();
  const [{ id, resource: raw }, search, context] = await Promise.all([params, searchParams, orgContextOf(viewer)]);
  const resourceName = decodeURIComponent(raw);
  // Independent reads side by side: each is a database or discovery round trip.
  const [cluster, clusters, described] = await Promise.all([
    getClusterOrThrow(viewer.org.id, id).catch(notFoundOn404),
    listClusters(viewer.org.id),
    describeResourceView(context, id, resourceName).catch((error: unknown): { failure: AppError } => {
      if (error instanceof AppError && error.code !== "NOT_FOUND") return { failure: error };
      return notFoundOn404(error);
    }),
  ]);
  const first = "failure" in described ? null : await firstScreenOf(context, id, described, search);

  return (
    <>
      <ClusterBreadcrumb clusterId={id} clusterName={cluster.name} />
      {"failure" in described ? (
        <ViewFailure error={described.failure} resourceName={resourceName} />
      ) : (
        <ResourceView
          clusterId={id}
          view={described}
          clusters={clusters.map(({ id: clusterId, name }) => ({ id: clusterId, name }))}
          orgName={viewer.org.name}
          first={first}
        />
      )}
    </>
  );
}

/**
 * The rows the browser's first subscription will show, from the watch hub's cache, so the HTML
 * already holds them (docs/resource-views.md, "The first screen"); null when the cache has not
 * listed yet. The subscription is built exactly as ResourceList builds it from the same URL.
 */
async function firstScreenOf(
  context: OrgContext,
  clusterId: string,
  described: ResourceView,
  search: Record<string, string | string[] | undefined>,
): Promise<FirstWindow | null> {
  const one = (key: string) => (typeof search[key] === "string" ? (search[key] as string) : null);
  const params = {
    ns: one("ns"),
    q: one("q"),
    sort: one("sort"),
    l: one("l"),
    cols: one("cols"),
    clusters: one("clusters"),
  };
  const view = parseListView(params, described.resource.columns);
  const options = listOptionsOf(clusterId, described.resource, view, windowFor(0));
  return firstWindowFromCache(context, requestOf(options), subscriptionKey(options));
}

function ResourceView({
  clusterId,
  view,
  clusters,
  orgName,
  first,
}: {
  clusterId: string;
  view: ResourceView;
  clusters: { id: string; name: string }[];
  orgName: string;
  first: FirstWindow | null;
}) {
  const title = pluralTitle(view.resource.kind);
  return (
    <div className="flex min-w-0 gap-6">
      <aside className="hidden w-48 shrink-0 lg:block">
        <KindNav clusterId={clusterId} kinds={view.kinds} current={view.resource.name} />
      </aside>
      <div className="min-w-0 flex-1">
        <PageHeader title={title} description={<code className="text-xs">{view.resource.name}</code>} />
        <details className="mb-3 lg:hidden" data-testid="kind-nav-narrow">
          <summary className="cursor-pointer text-sm text-accent">Other kinds</summary>
          <div className="mt-2 max-h-80 overflow-y-auto rounded-md border border-border p-2">
            <KindNav clusterId={clusterId} kinds={view.kinds} current={view.resource.name} />
          </div>
        </details>
        <NuqsAdapter>
          <ResourceList
            clusterId={clusterId}
            resource={view.resource}
            title={title}
            clusterChoices={clusters}
            actions={
              <>
                <CreateAction
                  target={{
                    clusterId,
                    resource: view.resource.name,
                    kind: view.resource.kind,
                    group: view.resource.group,
                    version: view.resource.version,
                    namespaced: view.resource.namespaced,
                  }}
                />
                <SaveViewButton clusterId={clusterId} resource={view.resource} orgName={orgName} />
              </>
            }
            {...(first && { first })}
          />
        </NuqsAdapter>
      </div>
    </div>
  );
}

function ViewFailure({ error, resourceName }: { error: AppError; resourceName: string }) {
  const forbidden = error.code === "FORBIDDEN";
  return (
    <>
      <PageHeader title={resourceName} />
      <EmptyState
        data-testid={forbidden ? "resource-forbidden" : "resource-error"}
        title={forbidden ? `You may not see ${resourceName} on this cluster` : `${resourceName} cannot be shown`}
        description={error.message}
      />
    </>
  );
}
