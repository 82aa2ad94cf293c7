import { getDb } from "../db/client";

export type RateLimitRule = { limit: number; windowSeconds: number };

export const RATE_LIMITS = {
  /** Per account: attempts since the last successful sign-in; slows guessing one password. */
  signInPerEmail: { limit: 10, windowSeconds: 15 * 60 },
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

/** Forget a key's count, e.g. an account's failed sign-ins once it signs in successfully. */
export async function resetRateLimit(key: string) {
  await getDb().rateLimit.deleteMany({ where: { key } });
}
