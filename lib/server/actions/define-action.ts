import { unstable_rethrow } from "next/navigation";
import { AppError, type ActionResult, toErrorBody } from "@/lib/errors";
import { can, type Permission } from "@/lib/permissions";
import type { OrgContext } from "../auth/actor";
import { orgContextOf, requireOrgViewer } from "../auth/viewer";
import { recordDenied } from "../audit/record";
import { log } from "../logger";

type Schema<T> = {
  safeParse(value: unknown):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
};

/**
 * The one wrapper every org-scoped server action goes through: validate the input (422 naming
 * the field), load the viewer and their current role, enforce the permission (denials audited
 * when `audit` names the action), then run. Returns an ActionResult; never throws raw errors.
 */
export function defineOrgAction<I, O>(
  options: { permission: Permission; input: Schema<I>; audit?: string },
  run: (context: OrgContext, input: I) => Promise<O>,
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
      const viewer = await requireOrgViewer();
      const context = await orgContextOf(viewer);
      requestId = context.requestId;
      if (!can(context.role, options.permission)) {
        if (options.audit) await recordDenied(context, { action: options.audit }, `role ${context.role} lacks ${options.permission}`);
        throw new AppError("FORBIDDEN", `Your role (${context.role}) does not allow this.`);
      }
      return { ok: true, data: await run(context, parsed.data) };
    } catch (error) {
      unstable_rethrow(error); // let Next's redirect/notFound through
      if (!(error instanceof AppError)) log.error("server action failed", { requestId, error: String(error) });
      return { ok: false, ...toErrorBody(error, requestId) };
    }
  };
}
