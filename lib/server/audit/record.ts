import type { AuditAction } from "@/lib/audit-actions";
import { AppError } from "@/lib/errors";
import type { Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { log } from "../logger";

/** What is being attempted (`member.role_change`, from lib/audit-actions.ts); summary never holds a secret. */
export type AuditEntry = {
  action: AuditAction;
  kind?: string;
  name?: string;
  namespace?: string;
  clusterId?: string;
  summary?: string;
};

/**
 * Who acted: a member (session or API token), the CLI, or, for a sign-in attempt, the account
 * being claimed (its user id only when that account exists).
 */
export type AuditActor = { type: Actor["type"]; userId: string | null; email: string | null };

export type AuditScope = { actor: AuditActor | null; orgId: string | null; requestId: string; ip: string | null };

/**
 * Run a mutation under audit: the attempt row is written first and, if it cannot be, nothing
 * happens (fail closed). The outcome is a second append-only row.
 */
export async function audited<T>(
  scope: AuditScope,
  entry: AuditEntry,
  mutate: () => Promise<T>,
  /** What changed, for the outcome row (`replicas 3→5`); never a secret value. */
  describeSuccess?: (result: T) => string | undefined,
): Promise<T> {
  const eventId = await writeAttempt(scope, entry);
  let result: T;
  try {
    result = await mutate();
  } catch (error) {
    await writeOutcome(eventId, error instanceof AppError && error.denied ? "denied" : "failure", describe(error));
    throw error;
  }
  await writeOutcome(eventId, "success", describeSuccess?.(result));
  return result;
}

/** An attempt refused before it could run (e.g. the role does not allow it). */
export async function recordDenied(scope: AuditScope, entry: AuditEntry, reason: string) {
  const eventId = await writeAttempt(scope, entry);
  await writeOutcome(eventId, "denied", reason);
}

async function writeAttempt(scope: AuditScope, entry: AuditEntry): Promise<bigint> {
  try {
    const row = await getDb().auditEvent.create({
      data: {
        ...entry,
        orgId: scope.orgId,
        actorUserId: scope.actor?.userId ?? null,
        actorEmail: scope.actor?.email ?? null,
        actorType: scope.actor?.type ?? "system",
        requestId: scope.requestId,
        ip: scope.ip,
      },
      select: { id: true },
    });
    return row.id;
  } catch (error) {
    log.error("audit log unavailable; refusing the action", { action: entry.action, error: String(error) });
    throw new AppError("UNAVAILABLE", "The audit log is unavailable, so nothing was changed. Try again shortly.");
  }
}

async function writeOutcome(eventId: bigint, outcome: "success" | "failure" | "denied", detail?: string) {
  try {
    await getDb().auditEventOutcome.create({ data: { eventId, outcome, detail: detail?.slice(0, 500) } });
  } catch (error) {
    // The action already happened; its attempt row stands. Losing the outcome must not undo it.
    log.error("could not record an audit outcome", { eventId: String(eventId), error: String(error) });
  }
}

function describe(error: unknown): string {
  return error instanceof AppError ? `${error.code}: ${error.message}` : "INTERNAL: unexpected error";
}
