import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { AppError, type ActionResult, toErrorBody } from "@/lib/errors";
import { requireViewer, type Viewer } from "../auth/viewer";
import { clientIpFrom, requestIdFrom } from "../http/request-meta";
import { log } from "../logger";
import type { SessionScope } from "./switch-org";

type Schema<T> = {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
};

/**
 * Like defineOrgAction, for the few actions a signed-in person may take without an active org
 * (accept an invitation, pick or create an org, sign out): validate the input (422 naming the
 * field), require a session, then run. Each action audits itself in its service.
 */
export function defineViewerAction<I, O>(
  options: { input: Schema<I> },
  run: (viewer: Viewer, scope: SessionScope, input: I) => Promise<O>,
) {
  return async (rawInput: unknown): Promise<ActionResult<O>> => {
    let requestId: string | undefined;
    try {
      const parsed = options.input.safeParse(rawInput);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = issue?.path.join(".") || "input";
        throw new AppError("INVALID_INPUT", `${path}: ${issue?.message ?? "invalid"}`, path);
      }
      const viewer = await requireViewer();
      const scope = await sessionScopeOf(viewer);
      requestId = scope.requestId;
      return { ok: true, data: await run(viewer, scope, parsed.data) };
    } catch (error) {
      unstable_rethrow(error); // let Next's redirect/notFound through
      if (!(error instanceof AppError)) log.error("server action failed", { requestId, error: String(error) });
      return { ok: false, ...toErrorBody(error, requestId) };
    }
  };
}

export async function sessionScopeOf(viewer: Viewer): Promise<SessionScope> {
  const requestHeaders = await headers();
  return {
    actor: { type: "session", userId: viewer.user.id, email: viewer.user.email, sessionId: viewer.sessionId },
    requestId: requestIdFrom(requestHeaders),
    ip: clientIpFrom(requestHeaders),
  };
}
