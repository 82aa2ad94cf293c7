"use server";

import { z } from "zod";
import { defineOrgAction } from "@/lib/server/actions/define-action";
import { fleetFigures } from "@/lib/server/resources/fleet-figures";

/** The fleet home's counts per cluster; the page asks again every few seconds. */
export const fleetFiguresAction = defineOrgAction({ permission: "resources.view", input: z.object({}) }, (context) =>
  fleetFigures(context),
);
