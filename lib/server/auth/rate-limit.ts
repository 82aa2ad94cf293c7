import { getDb } from "../db/client";
import { addressBucket } from "../http/client-address";

export type RateLimitRule = { limit: number; windowSeconds: number };

export const RATE_LIMITS = {
  /** Per client address: wide enough for an office behind one NAT, narrow enough to stop spraying. */
  signInPerIp: { limit: 100, windowSeconds: 15 * 60 },
  inviteAccept: { limit: 20, windowSeconds: 15 * 60 },
  /** Per client address: room for a team onboarding behind one NAT, not for scripted mass sign-up. */
  signUp: { limit: 100, windowSeconds: 60 * 60 },
  /**
   * Per user: connection tests reach a server the user names and report how it answered, so
   * they are rationed (no free port scanner), with room to fix a config by trial and error.
   */
  clusterTest: { limit: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

/**
 * Count one attempt against `key` in a fixed window, atomically in PostgreSQL so the limit holds
 * across restarts and replicas.
 */
export async function consumeRateLimit(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const [row] = await getDb().$queryRaw<{ count: number; window_start: Date }[]>`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${rule.windowSeconds}) THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${rule.windowSeconds}) THEN now() ELSE rate_limits.window_start END
    RETURNING count, window_start`;
  if (!row) throw new Error("rate limit upsert returned no row");
  const windowEnds = row.window_start.getTime() + rule.windowSeconds * 1000;
  return {
    allowed: row.count <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - Date.now()) / 1000)),
  };
}

/** Consume several keys (e.g. per email and per address); denied if any is over its limit. */
export async function consumeRateLimits(limits: [key: string, rule: RateLimitRule][]): Promise<RateLimitResult> {
  const results = await Promise.all(limits.map(([key, rule]) => consumeRateLimit(key, rule)));
  const denied = results.filter((result) => !result.allowed);
  if (denied.length === 0) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(...denied.map((result) => result.retryAfterSeconds)) };
}

/**
 * Give back one attempt counted against `key` in its current window: a sign-in that succeeded is
 * not what a per-address limit is for (an office behind one NAT signs in every morning).
 */
export async function refundRateLimit(key: string) {
  await getDb().rateLimit.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
}

/** Forget a key's count, e.g. an account's failed sign-ins once it signs in successfully. */
export async function resetRateLimit(key: string) {
  await getDb().rateLimit.deleteMany({ where: { key } });
}

/** A per-address key: IPv4 addresses one by one, IPv6 by /64 (see addressBucket). */
export function addressKey(scope: string, ip: string | null): string {
  return `${scope}:ip:${addressBucket(ip)}`;
}

// ---------------------------------------------------------------------------------------------
// Growing delays (docs/decisions/0060): for accounts, a fixed-window lockout is a weapon — a
// stranger who fails ten times every window locks the owner out forever. Instead, after a few
// free attempts each attempt must wait longer after the previous one; attempts made during the
// wait are refused without counting, so hammering does not stretch it, and a success clears it.
// Any wait shared by all addresses could be renewed by a stranger polling for the moment it
// ends, so the key names the address too.

export type DelayRule = {
  /** Attempts allowed back to back before any wait. */
  freeAttempts: number;
  /** The first wait; each further attempt doubles it. */
  baseSeconds: number;
  maxSeconds: number;
  /** A key quiet for this long starts over. */
  forgetAfterSeconds: number;
};

export const SIGN_IN_DELAYS = {
  /**
   * One account from one address (IPv6: one /64). Keyed by both, so a stranger's failures slow
   * only the stranger: the owner, from their own address, starts with free attempts.
   */
  perAccountAndAddress: { freeAttempts: 5, baseSeconds: 1, maxSeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 },
} satisfies Record<string, DelayRule>;

/** The wait owed after `count` counted attempts. */
export function delayAfter(count: number, rule: DelayRule): number {
  if (count < rule.freeAttempts) return 0;
  return Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** Math.min(30, count - rule.freeAttempts));
}

/**
 * Count an attempt against `key` if its wait is over (atomically: concurrent attempts cannot slip
 * through one opening); otherwise refuse it, uncounted, with the seconds left.
 */
export async function consumeDelayedAttempt(key: string, rule: DelayRule): Promise<RateLimitResult> {
  const forget = rule.forgetAfterSeconds;
  const counted = await getDb().$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${forget}::float8) THEN 1
                   ELSE rate_limits.count + 1 END,
      window_start = now()
    WHERE rate_limits.window_start < now() - make_interval(secs => ${forget}::float8)
       OR rate_limits.window_start + make_interval(secs => (CASE WHEN rate_limits.count < ${rule.freeAttempts}::int THEN 0
            ELSE LEAST(${rule.maxSeconds}::float8, ${rule.baseSeconds}::float8
              * power(2, LEAST(30, rate_limits.count - ${rule.freeAttempts}::int))) END)) <= now()
    RETURNING count`;
  if (counted.length > 0) return { allowed: true, retryAfterSeconds: 0 };
  const row = await getDb().rateLimit.findUnique({ where: { key } });
  const waitEnds = (row?.windowStart.getTime() ?? Date.now()) + delayAfter(row?.count ?? 0, rule) * 1000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((waitEnds - Date.now()) / 1000)) };
}
