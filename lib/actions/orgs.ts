"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createOrgAndSwitch, switchOrg } from "@/lib/server/orgs/switch-org";
import { defineViewerAction } from "@/lib/server/actions/define-action";
import { createOrgSchema } from "@/lib/validations/accounts";
import { switchOrgSchema } from "@/lib/validations/members";

/** Work in another of your orgs; lands on its overview (the current page may belong to the old org). */
export const switchOrgAction = defineViewerAction({ input: switchOrgSchema }, async (_viewer, scope, input) => {
  await switchOrg(scope, input.orgId);
  // Every page, the shared layout included, now renders for another org: drop the client's copies.
  revalidatePath("/", "layout");
  redirect("/");
});

/** Any signed-in person may start an org; they become its owner and start working in it. */
export const createOrgAction = defineViewerAction({ input: createOrgSchema }, async (_viewer, scope, input) => {
  await createOrgAndSwitch(scope, input.name);
  revalidatePath("/", "layout");
  redirect("/");
});
