import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { AuditAction } from "@/lib/audit-actions";
import { AppError, type ActionResult, toErrorBody } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";
import type { OrgContext, SessionScope } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { orgContextOf, requireOrgViewer, requireViewer, type Viewer } from "../auth/viewer";
import { clientIpFrom, requestIdFrom } from "../http/request-meta";
import { log } from "../logger";

type Schema<T> = {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
};

/**
 * The wrapper every org-scoped server action goes through: validate the input (422 naming the
 * field), load the viewer and their current role, enforce the permission (denials audited when
 * `audit` names the action), then run. Returns an ActionResult; never throws raw errors.
 */
export function defineOrgAction<I, O>(
  options: { permission: Permission; input: Schema<I>; audit?: AuditAction },
  run: (context: OrgContext, input: I) => Promise<O>,
) {
  return settle(async (rawInput: unknown, track: (requestId: string) => void) => {
    const input = parseInput(options.input, rawInput);
    const context = await orgContextOf(await requireOrgViewer());
    track(context.requestId);
    await authorize(context, options.permission, options.audit);
    return run(context, input);
  });
}

/**
 * For the few actions a signed-in person may take without an active org (accept an invitation,
 * pick or create an org, sign out): validate, require a session, run. Each audits itself.
 */
export function defineViewerAction<I, O>(
  options: { input: Schema<I> },
  run: (viewer: Viewer, scope: SessionScope, input: I) => Promise<O>,
) {
  return settle(async (rawInput: unknown, track: (requestId: string) => void) => {
    const input = parseInput(options.input, rawInput);
    const viewer = await requireViewer();
    const scope = await sessionScopeOf(viewer);
    track(scope.requestId);
    return run(viewer, scope, input);
  });
}

export async function sessionScopeOf(viewer: Viewer): Promise<SessionScope> {
  const requestHeaders = await headers();
  return {
    actor: { type: "session", userId: viewer.user.id, email: viewer.user.email, sessionId: viewer.sessionId },
    requestId: requestIdFrom(requestHeaders),
    ip: clientIpFrom(requestHeaders),
  };
}

function parseInput<I>(schema: Schema<I>, rawInput: unknown): I {
  const parsed = schema.safeParse(rawInput);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join(".") || "input";
  throw new AppError("INVALID_INPUT", `${path}: ${issue?.message ?? "invalid"}`, path);
}

/** Run an action body and turn every outcome into an ActionResult (Next's redirects pass through). */
function settle<O>(body: (rawInput: unknown, track: (requestId: string) => void) => Promise<O>) {
  return async (rawInput: unknown): Promise<ActionResult<O>> => {
    let requestId: string | undefined;
    try {
      return { ok: true, data: await body(rawInput, (id) => (requestId = id)) };
    } catch (error) {
      unstable_rethrow(error);
      if (!(error instanceof AppError)) log.error("server action failed", { requestId, error: String(error) });
      return { ok: false, ...toErrorBody(error, requestId) };
    }
  };
}
