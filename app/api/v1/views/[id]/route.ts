import { apiRoute, readJson } from "@/lib/server/api/route";
import { deleteView, getView, updateView } from "@/lib/server/views/saved-views";
import { updateViewSchema } from "@/lib/validations/views";

/** One view the caller may open; another org's or someone else's private view is a 404. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/views/:id", async (context, _request, params) => ({
  view: await getView({ orgId: context.orgId, userId: context.actor.userId }, params.id),
}));

/** The owner changes name, visibility or list state. */
export const PATCH = apiRoute<{ id: string }>("PATCH /api/v1/views/:id", async (context, request, params) => ({
  view: await updateView(context, params.id, await readJson(request, updateViewSchema)),
}));

/** The owner deletes their view; admins may delete shared ones. */
export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/views/:id", async (context, _request, params) =>
  deleteView(context, params.id),
);
