"use server";

import { z } from "zod";
import { defineOrgAction } from "@/lib/server/actions/define-action";
import { objectEventHistory } from "@/lib/server/events/object-events";

/** One object's recorded events, for its Events tab (merged there with the live ones). */
export const objectEventHistoryAction = defineOrgAction(
  {
    permission: "resources.view",
    input: z.object({
      clusterId: z.string().uuid(),
      namespace: z.string().min(1).max(63).optional(),
      kind: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, "must be a kind such as Pod or Deployment"),
      name: z.string().min(1).max(253),
    }),
  },
  (context, input) => objectEventHistory(context, input),
);
