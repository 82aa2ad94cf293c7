import { AppError } from "@/lib/errors";
import { audited, type AuditEntry, type AuditScope } from "../audit/record";
import { getDb } from "../db/client";
import { addressBucket } from "../http/client-address";
import { log } from "../logger";
import { verifyPassword } from "./password";
import {
  addressKey,
  consumeDelayedAttempt,
  consumeRateLimit,
  RATE_LIMITS,
  refundRateLimit,
  resetRateLimit,
  SIGN_IN_DELAYS,
} from "./rate-limit";

/**
 * Sign-in attempts (docs/security.md §3 and §5). Every attempt, password or single sign-on,
 * writes an audit row `session.sign_in` with its outcome — success, failure (wrong password,
 * unknown account) or denied (rate limit, unverified IdP email) — and a readable log line naming
 * the account and the client address. Never the password, never a token.
 */

export type RequestMeta = { requestId: string; ip: string | null };

export type PasswordSignIn =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function signInWithPassword(email: string, password: string, meta: RequestMeta): Promise<PasswordSignIn> {
  const user = await getDb().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const entry: AuditEntry = { action: "session.sign_in", kind: "User", name: email, summary: "with a password" };
  const scope = await signInScope(email, user?.id ?? null, meta);
  try {
    const signedIn = await audited(scope, entry, async () => {
      await assertNotThrottled(email, meta.ip);
      if (!user || !(await verifyPassword(password, user.passwordHash))) {
        if (!user) await verifyPassword(password, null); // same cost whether or not the account exists
        throw new AppError("UNAUTHENTICATED", user ? "wrong password" : "no account with this email");
      }
      await resetRateLimit(accountKey(email, meta.ip));
      // The per-address budget is for failures (password spraying), not for a busy office.
      await refundRateLimit(addressKey("sign-in", meta.ip));
      return { id: user.id, email: user.email, name: user.name };
    });
    log.info("signed in", { account: email, ip: meta.ip ?? "unknown", with: "password" });
    return { ok: true, user: signedIn };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    log.warn("sign-in refused", { account: email, ip: meta.ip ?? "unknown", reason: error.message });
    if (error instanceof ThrottledSignIn) {
      return { ok: false, reason: "rate_limited", retryAfterSeconds: error.retryAfterSeconds };
    }
    if (error.code === "UNAUTHENTICATED") return { ok: false, reason: "invalid" };
    throw error; // the audit log is down: refuse, as every audited action does
  }
}

/**
 * A single sign-on attempt, decided by `allow` (the IdP's answer checked against our rules):
 * audited like a password sign-in, with the refusal's reason. Returns whether it may proceed.
 */
export async function recordSingleSignOn(
  email: string,
  meta: RequestMeta,
  refusal: string | null,
  provider: string,
): Promise<boolean> {
  const user = await getDb().user.findUnique({ where: { email }, select: { id: true } });
  const entry: AuditEntry = { action: "session.sign_in", kind: "User", name: email, summary: `with ${provider}` };
  try {
    await audited(await signInScope(email, user?.id ?? null, meta), entry, async () => {
      if (refusal) throw new AppError("FORBIDDEN", refusal);
    });
    log.info("signed in", { account: email, ip: meta.ip ?? "unknown", with: provider });
    return true;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "FORBIDDEN") throw error;
    log.warn("sign-in refused", { account: email, ip: meta.ip ?? "unknown", reason: refusal });
    return false;
  }
}

/**
 * The row names the account being claimed (its id only if it exists) and lands in that user's
 * first organization — the one a new session starts in — so its admins see attempts on their
 * members. Attempts on unknown accounts belong to no org.
 */
async function signInScope(email: string, userId: string | null, meta: RequestMeta): Promise<AuditScope> {
  const membership = userId
    ? await getDb().membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select: { orgId: true } })
    : null;
  return { actor: { type: "session", userId, email }, orgId: membership?.orgId ?? null, ...meta };
}

class ThrottledSignIn extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", `throttled for ${retryAfterSeconds} s`);
  }
}

/** Per address (spraying many accounts), then per account from that address (guessing one password). */
async function assertNotThrottled(email: string, ip: string | null) {
  const perAddress = await consumeRateLimit(addressKey("sign-in", ip), RATE_LIMITS.signInPerIp);
  if (!perAddress.allowed) throw new ThrottledSignIn(perAddress.retryAfterSeconds);
  const perAccount = await consumeDelayedAttempt(accountKey(email, ip), SIGN_IN_DELAYS.perAccountAndAddress);
  if (!perAccount.allowed) throw new ThrottledSignIn(perAccount.retryAfterSeconds);
}

function accountKey(email: string, ip: string | null): string {
  return `sign-in:account:${email}:${addressBucket(ip)}`;
}
