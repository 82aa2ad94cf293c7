"use server";

import { z } from "zod";
import { signOut } from "@/lib/server/auth/next-auth";
import { getConfig } from "@/lib/server/config/env";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { signOutEverywhere } from "@/lib/server/orgs/sign-out";
import { defineViewerAction } from "@/lib/server/actions/define-action";

/**
 * Sign this browser out: Auth.js clears the cookie and its sign-out event ends the session row,
 * audited, and its sockets (lib/server/orgs/sign-out.ts). A form may pass `callbackUrl` (a path
 * on this app) to come back to after signing in again.
 */
export async function signOutAction(form?: FormData) {
  const requested = form instanceof FormData ? form.get("callbackUrl") : null;
  const callbackUrl = safeRedirectPath(requested, "", getConfig().appUrl);
  await signOut({ redirectTo: callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in" });
}

/** End every session of this user, on every device; their open pages lose access at once. */
export const signOutEverywhereAction = defineViewerAction({ input: z.object({}) }, async (viewer, scope) => {
  await signOutEverywhere({ ...scope, orgId: viewer.org?.id ?? null });
  await signOut({ redirectTo: "/sign-in" });
});
