"use server";

import { z } from "zod";
import { signOut } from "@/lib/server/auth/next-auth";
import { getViewer } from "@/lib/server/auth/viewer";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { log } from "@/lib/server/logger";
import { endSession, signOutEverywhere } from "@/lib/server/orgs/sign-out";
import { defineViewerAction, sessionScopeOf } from "@/lib/server/actions/define-action";

/**
 * Sign this browser out. Always clears the cookie, even if the session row could not be removed.
 * A form may pass `callbackUrl` (a same-site path) to come back to after signing in again.
 */
export async function signOutAction(form?: FormData) {
  const viewer = await getViewer();
  if (viewer) {
    try {
      await endSession({ ...(await sessionScopeOf(viewer)), orgId: viewer.org?.id ?? null });
    } catch (error) {
      log.warn("could not end the session row on sign-out", { error: String(error) });
    }
  }
  const callbackUrl = safeRedirectPath(form instanceof FormData ? form.get("callbackUrl") : null, "");
  await signOut({ redirectTo: callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in" });
}

/** End every session of this user, on every device; their open pages lose access at once. */
export const signOutEverywhereAction = defineViewerAction({ input: z.object({}) }, async (viewer, scope) => {
  await signOutEverywhere({ ...scope, orgId: viewer.org?.id ?? null });
  await signOut({ redirectTo: "/sign-in" });
});
