"use server";

import { z } from "zod";
import { defineOrgAction } from "@/lib/server/actions/define-action";
import { searchObjects } from "@/lib/server/resources/object-search";

/** Objects by name across the org's clusters, as the member may list them (the command palette). */
export const searchObjectsAction = defineOrgAction(
  { permission: "resources.view", input: z.object({ query: z.string().max(100, "must be at most 100 characters") }) },
  (context, input) => searchObjects(context, input.query),
);
