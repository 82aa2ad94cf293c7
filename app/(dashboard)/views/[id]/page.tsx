import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { ResourceList } from "@/components/resources/resource-list";
import { PageHeader } from "@/components/shell/page-header";
import { Badge, EmptyState } from "@/components/ui";
import { PresenceAvatars } from "@/components/views/presence-avatars";
import { SaveViewButton } from "@/components/views/save-view-button";
import { ViewActions } from "@/components/views/view-actions";
import { AppError } from "@/lib/errors";
import { listViewQuery, pluralTitle } from "@/lib/resources/list-view";
import { listStateOfView } from "@/lib/resources/view-state";
import { orgContextOf, requireOrgViewer } from "@/lib/server/auth/viewer";
import { listClusters } from "@/lib/server/clusters/service";
import { describeResourceView } from "@/lib/server/resources/resource-view";
import { getView, mayDelete, type SavedView } from "@/lib/server/views/saved-views";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const LIST_KEYS = ["ns", "q", "sort", "l", "cols", "clusters"];

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireOrgViewer();
  const view = await getView({ orgId: viewer.org.id, userId: viewer.user.id }, (await params).id).catch(() => null);
  return { title: view?.name ?? "View not found" };
}

/**
 * A saved view, as its link opens it for any member who may see it (docs/resource-views.md):
 * the same live list, who else is looking, and its actions. Another org's view, or another
 * member's private one, is a 404; a view whose cluster or kind the member may not see says so.
 */
export default async function SavedViewPage({ params, searchParams }: Props) {
  const viewer = await requireOrgViewer();
  const { id } = await params;
  const view = await getView({ orgId: viewer.org.id, userId: viewer.user.id }, id).catch(notFoundOn404);
  // A bare link opens the view as saved; once the URL holds a state, it is the one on screen.
  const search = await searchParams;
  if (!LIST_KEYS.some((key) => search[key] !== undefined)) {
    const query = listViewQuery(listStateOfView(view));
    if (query) redirect(`/views/${view.id}${query}`);
  }
  const context = await orgContextOf(viewer);
  const clusters = await listClusters(viewer.org.id);
  const primary = clusters.find((cluster) => cluster.id === view.clusterIds[0]);
  const described = primary
    ? await describeResourceView(context, primary.id, view.resource).catch((error: unknown) => ({ failure: error }))
    : { failure: new AppError("NOT_FOUND", "This view's cluster was removed from the organization.") };
  const mine = view.owner.id === viewer.user.id;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex gap-1 text-sm text-text-muted">
        <span>Views</span>
        <span aria-hidden="true">/</span>
        <span className="truncate">{view.name}</span>
      </nav>
      <PageHeader
        title={view.name}
        description={<ViewDescription view={view} mine={mine} clusterName={primary?.name} />}
        actions={<PresenceAvatars viewId={view.id} selfId={viewer.user.id} />}
      />
      {"failure" in described ? (
        <ViewUnavailable view={view} error={described.failure} clusterId={primary?.id} />
      ) : (
        <NuqsAdapter>
          <ResourceList
            clusterId={primary!.id}
            resource={described.resource}
            title={pluralTitle(described.resource.kind)}
            clusterChoices={clusters.map(({ id: clusterId, name }) => ({ id: clusterId, name }))}
            actions={
              <div className="flex flex-wrap items-center gap-2">
                <ViewActions
                  view={{ id: view.id, name: view.name, shared: view.visibility === "org" }}
                  columns={described.resource.columns}
                  mayEdit={mine}
                  mayDelete={mayDelete(context, view)}
                />
                <SaveViewButton clusterId={primary!.id} resource={described.resource} orgName={viewer.org.name} />
              </div>
            }
          />
        </NuqsAdapter>
      )}
    </>
  );
}

function ViewDescription({ view, mine, clusterName }: { view: SavedView; mine: boolean; clusterName?: string }) {
  const clusters =
    view.clusterIds.length > 1 ? `${view.clusterIds.length} clusters` : (clusterName ?? "a removed cluster");
  return (
    <span className="flex flex-wrap items-center gap-2">
      <code className="text-xs">{view.resource}</code>
      <span>on {clusters}</span>
      <Badge tone={view.visibility === "org" ? "info" : "neutral"} data-testid="view-visibility">
        {view.visibility === "org" ? "Shared" : "Private"}
      </Badge>
      <span>by {mine ? "you" : (view.owner.name ?? view.owner.email)}</span>
    </span>
  );
}

/** No access is a page that says so and what to do, not an error. */
function ViewUnavailable({ view, error, clusterId }: { view: SavedView; error: unknown; clusterId?: string }) {
  if (!(error instanceof AppError)) throw error;
  const forbidden = error.code === "FORBIDDEN";
  return (
    <EmptyState
      data-testid="view-unavailable"
      title={forbidden ? `You may not see ${view.resource} on this cluster` : `This view cannot be shown`}
      description={
        <>
          {error.message} {forbidden ? "Ask a cluster admin for list and watch access, or ask the view's owner." : null}
          {clusterId ? (
            <>
              {" "}
              <Link href={`/clusters/${clusterId}`} className="text-accent hover:underline">
                Open the cluster
              </Link>
            </>
          ) : null}
        </>
      }
    />
  );
}

function notFoundOn404(error: unknown): never {
  if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
  throw error;
}
