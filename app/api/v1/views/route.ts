import { apiRoute, readJson } from "@/lib/server/api/route";
import { createView, listViews } from "@/lib/server/views/saved-views";
import { createViewSchema } from "@/lib/validations/views";

/** The org's shared views and the caller's own private ones. */
export const GET = apiRoute("GET /api/v1/views", async (context) => ({
  views: await listViews({ orgId: context.orgId, userId: context.actor.userId }),
}));

/** `{name, visibility?, clusterIds, resource, state?}` → 201 with the view, owned by the caller. */
export const POST = apiRoute("POST /api/v1/views", async (context, request) => {
  const view = await createView(context, await readJson(request, createViewSchema));
  return Response.json({ view }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
