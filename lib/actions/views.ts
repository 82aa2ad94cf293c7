"use server";

import { defineOrgAction } from "@/lib/server/actions/define-action";
import { createView, deleteView, updateView } from "@/lib/server/views/saved-views";
import { createViewSchema, updateViewActionSchema, viewIdSchema } from "@/lib/validations/views";

export const createViewAction = defineOrgAction(
  { permission: "views.save", input: createViewSchema, audit: "view.create" },
  (context, input) => createView(context, input),
);

export const updateViewAction = defineOrgAction(
  { permission: "views.save", input: updateViewActionSchema, audit: "view.update" },
  (context, input) => updateView(context, input.id, input.changes),
);

export const deleteViewAction = defineOrgAction(
  { permission: "views.save", input: viewIdSchema, audit: "view.delete" },
  (context, input) => deleteView(context, input.id),
);
