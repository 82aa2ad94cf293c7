import { AppError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import {
  viewStateSchema,
  type CreateViewInput,
  type UpdateViewInput,
  type ViewState,
  type ViewVisibility,
} from "@/lib/validations/views";
import type { OrgContext } from "../auth/actor";
import { audited, type AuditEntry } from "../audit/record";
import { getDb } from "../db/client";
import { isUuid } from "../db/ids";
import { emitToOrg } from "../realtime/server";

/** A saved view as pages, actions and the API return it. */
export type SavedView = {
  id: string;
  orgId: string;
  name: string;
  visibility: ViewVisibility;
  clusterIds: string[];
  resource: string;
  state: ViewState;
  owner: { id: string; email: string; name: string | null };
  createdAt: Date;
  updatedAt: Date;
};

/** Who is looking: views are read in one org, as one member. */
export type ViewReader = { orgId: string; userId: string };

/** The most views one list returns; each member's sidebar shows them all. */
export const VIEW_LIST_LIMIT = 200;
/** The most views one member may own in one org: a bound on what every list and sidebar reads. */
export const MAX_VIEWS_PER_MEMBER = 100;

const VIEW_FIELDS = {
  id: true,
  orgId: true,
  name: true,
  visibility: true,
  clusterIds: true,
  resource: true,
  state: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, email: true, name: true } },
} as const;

/** What a member may open: the org's shared views and their own private ones. */
function visibleTo(reader: ViewReader) {
  return { orgId: reader.orgId, OR: [{ visibility: "org" as const }, { ownerId: reader.userId }] };
}

/** Views shared with the org and the reader's own, by name. */
export async function listViews(reader: ViewReader): Promise<SavedView[]> {
  const rows = await getDb().savedView.findMany({
    where: visibleTo(reader),
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    take: VIEW_LIST_LIMIT,
    select: VIEW_FIELDS,
  });
  return rows.map(toView);
}

/** One view the reader may open; another org's, someone else's private one or an unknown id are the same 404. */
export async function getView(reader: ViewReader, id: string): Promise<SavedView> {
  const row = isUuid(id)
    ? await getDb().savedView.findFirst({ where: { id, ...visibleTo(reader) }, select: VIEW_FIELDS })
    : null;
  if (!row) throw new AppError("NOT_FOUND", "View not found.");
  return toView(row);
}

/** Save a view owned by the caller; every cluster it names must be one of this org's. */
export async function createView(context: OrgContext, input: CreateViewInput): Promise<SavedView> {
  const entry: AuditEntry = {
    action: "view.create",
    kind: "SavedView",
    name: input.name,
    summary: describe(input.visibility, input.resource, input.clusterIds.length),
  };
  return audited(context, entry, async () => {
    await assertOrgClusters(context.orgId, input.clusterIds);
    const owned = await getDb().savedView.count({ where: { orgId: context.orgId, ownerId: context.actor.userId } });
    if (owned >= MAX_VIEWS_PER_MEMBER) {
      throw new AppError("INVALID_INPUT", `You already have ${MAX_VIEWS_PER_MEMBER} views: delete one first.`, "name", {
        denied: true,
      });
    }
    const row = await getDb().savedView.create({
      data: {
        orgId: context.orgId,
        ownerId: context.actor.userId,
        name: input.name,
        visibility: input.visibility,
        clusterIds: [...new Set(input.clusterIds)],
        resource: input.resource,
        state: input.state,
      },
      select: VIEW_FIELDS,
    });
    return toView(row);
  }).then(announceIfShared);
}

/** Only a view's owner changes it (name, sharing, list state). */
export async function updateView(context: OrgContext, id: string, input: UpdateViewInput): Promise<SavedView> {
  const existing = await findVisible(context, id);
  const entry: AuditEntry = {
    action: "view.update",
    kind: "SavedView",
    name: existing?.name ?? id,
    summary: describeChanges(input),
  };
  return audited(context, entry, async () => {
    if (!existing) throw new AppError("NOT_FOUND", "View not found.");
    if (existing.owner.id !== context.actor.userId) {
      throw new AppError("FORBIDDEN", `Only ${existing.owner.name ?? existing.owner.email} can change this view.`);
    }
    const row = await getDb().savedView.update({
      where: { id: existing.id },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.visibility !== undefined && { visibility: input.visibility }),
        ...(input.state !== undefined && { state: input.state }),
      },
      select: VIEW_FIELDS,
    });
    return toView(row);
  }).then((view) => announceIfShared(view, existing?.visibility));
}

/** The owner deletes their view; an admin may also delete a view shared with the org. */
export async function deleteView(context: OrgContext, id: string): Promise<{ id: string }> {
  const existing = await findVisible(context, id);
  const entry: AuditEntry = {
    action: "view.delete",
    kind: "SavedView",
    name: existing?.name ?? id,
    summary: existing
      ? describe(existing.visibility, existing.resource, existing.clusterIds.length, existing.owner.email)
      : undefined,
  };
  return audited(context, entry, async () => {
    if (!existing) throw new AppError("NOT_FOUND", "View not found.");
    if (!mayDelete(context, existing)) {
      throw new AppError("FORBIDDEN", "Only the view's owner, or an admin for a shared view, can delete it.");
    }
    await getDb().savedView.deleteMany({ where: { id: existing.id, orgId: context.orgId } });
    return { id: existing.id };
  }).then((deleted) => {
    announceIfShared(existing!);
    return deleted;
  });
}

/** Every member's sidebar lists shared views: tell the org's sockets when one comes, changes or goes. */
function announceIfShared(view: SavedView, before?: ViewVisibility): SavedView {
  if (view.visibility === "org" || before === "org") emitToOrg(view.orgId, "views:changed", { orgId: view.orgId });
  return view;
}

/** The rule the UI shows and the server enforces. */
export function mayDelete(context: Pick<OrgContext, "role" | "actor">, view: Pick<SavedView, "owner" | "visibility">) {
  return view.owner.id === context.actor.userId || (view.visibility === "org" && can(context.role, "views.moderate"));
}

async function findVisible(context: OrgContext, id: string): Promise<SavedView | null> {
  return getView({ orgId: context.orgId, userId: context.actor.userId }, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
}

async function assertOrgClusters(orgId: string, clusterIds: readonly string[]) {
  const found = await getDb().cluster.findMany({ where: { orgId, id: { in: [...clusterIds] } }, select: { id: true } });
  const known = new Set(found.map((cluster) => cluster.id));
  const missing = clusterIds.findIndex((id) => !known.has(id));
  if (missing >= 0) {
    throw new AppError(
      "INVALID_INPUT",
      `clusterIds.${missing}: is not a cluster of this organization`,
      `clusterIds.${missing}`,
    );
  }
}

function toView(row: Omit<SavedView, "state"> & { state: unknown }): SavedView {
  // Rows were validated on write; parsing again keeps an old row's shape honest after a schema change.
  const state = viewStateSchema.safeParse(row.state);
  return { ...row, state: state.success ? state.data : viewStateSchema.parse({}) };
}

function describe(visibility: ViewVisibility, resource: string, clusters: number, owner?: string) {
  const where = clusters === 1 ? "1 cluster" : `${clusters} clusters`;
  return `${visibility === "org" ? "shared" : "private"} view of ${resource} on ${where}${owner ? `, owned by ${owner}` : ""}`;
}

function describeChanges(input: UpdateViewInput) {
  const changed = Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => (key === "visibility" ? `visibility → ${String(value)}` : key));
  return `changed ${changed.join(", ")}`;
}
