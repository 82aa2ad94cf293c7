/**
 * Sign-in attempts (docs/security.md §3 and §5): every attempt leaves an audit row with its
 * outcome and a readable log line with the account and address, never the password; an account
 * is slowed by a growing delay per address, so a stranger's failures never lock its owner out.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/server/auth/password";
import { addressKey, delayAfter, RATE_LIMITS, SIGN_IN_DELAYS } from "@/lib/server/auth/rate-limit";
import { recordSingleSignOn, signInWithPassword } from "@/lib/server/auth/sign-in";
import { useFreshDatabase } from "../support/database";

const PASSWORD = "correct horse battery staple";
const WRONG = "Tr0ub4dor&3-wrong-guess";

describe("sign-in attempts", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let userId: string;
  let orgId: string;
  const email = "owner@example.test";
  const lines: string[] = [];

  beforeAll(async () => {
    fresh = await useFreshDatabase();
    const user = await fresh.db.user.create({ data: { email, passwordHash: await hashPassword(PASSWORD) } });
    const org = await fresh.db.organization.create({
      data: { name: "Acme", memberships: { create: { userId: user.id, role: "owner" } } },
    });
    userId = user.id;
    orgId = org.id;
    for (const method of ["log", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    }
  });
  afterEach(async () => {
    await fresh.db.rateLimit.deleteMany();
    lines.length = 0;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await fresh?.drop();
  });

  const meta = (ip = "203.0.113.7") => ({ ip, requestId: randomUUID() });

  async function accountKeyRow() {
    return fresh.db.rateLimit.findFirstOrThrow({ where: { key: { startsWith: "sign-in:account:" } } });
  }

  async function rowOf(requestId: string) {
    const rows = await fresh.db.auditEvent.findMany({ where: { requestId }, include: { outcome: true } });
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  it("a wrong password leaves a failure row in the member's org and a readable log line, never the password", async () => {
    const attempt = meta();
    expect(await signInWithPassword(email, WRONG, attempt)).toEqual({ ok: false, reason: "invalid" });
    const row = await rowOf(attempt.requestId);
    expect(row).toMatchObject({
      action: "session.sign_in",
      orgId,
      actorUserId: userId,
      actorEmail: email,
      name: email,
      ip: "203.0.113.7",
      outcome: { outcome: "failure", detail: "UNAUTHENTICATED: wrong password" },
    });
    expect(lines).toEqual([
      "[pilothouse] warn  sign-in refused account=owner@example.test ip=203.0.113.7 reason=wrong password",
    ]);
    expect(JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(WRONG);
  });

  it("an unknown account leaves a failure row that belongs to no org", async () => {
    const attempt = meta();
    expect(await signInWithPassword("nobody@example.test", WRONG, attempt)).toEqual({ ok: false, reason: "invalid" });
    expect(await rowOf(attempt.requestId)).toMatchObject({
      orgId: null,
      actorUserId: null,
      actorEmail: "nobody@example.test",
      outcome: { outcome: "failure", detail: "UNAUTHENTICATED: no account with this email" },
    });
  });

  it("a success leaves a success row and clears the account's delay", async () => {
    for (let attempt = 0; attempt < 3; attempt++) await signInWithPassword(email, WRONG, meta());
    const attempt = meta();
    const result = await signInWithPassword(email, PASSWORD, attempt);
    expect(result).toEqual({ ok: true, user: { id: userId, email, name: null } });
    expect((await rowOf(attempt.requestId)).outcome?.outcome).toBe("success");
    expect(await fresh.db.rateLimit.count({ where: { key: { startsWith: "sign-in:account:" } } })).toBe(0);
    expect(lines.at(-1)).toBe("[pilothouse] info  signed in account=owner@example.test ip=203.0.113.7 with=password");
  });

  it("after five failures from one address the next attempt waits; it is refused uncounted and audited as denied", async () => {
    const rule = SIGN_IN_DELAYS.perAccountAndAddress;
    for (let attempt = 0; attempt < rule.freeAttempts; attempt++) {
      expect(await signInWithPassword(email, WRONG, meta())).toEqual({ ok: false, reason: "invalid" });
    }
    const key = await accountKeyRow();
    expect(key.count).toBe(rule.freeAttempts);
    // Four failures later the wait is 16 s (set directly: the test must not race the clock).
    await fresh.db.rateLimit.update({ where: { key: key.key }, data: { count: 9, windowStart: new Date() } });
    const throttled = meta();
    // Even the right password waits: the delay is decided before the password is checked.
    const result = await signInWithPassword(email, PASSWORD, throttled);
    expect(result).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((result as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((result as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(16);
    expect(await rowOf(throttled.requestId)).toMatchObject({
      outcome: { outcome: "denied", detail: expect.stringMatching(/^RATE_LIMITED: /) },
    });
    // Hammering during the wait does not stretch it.
    for (let attempt = 0; attempt < 5; attempt++) await signInWithPassword(email, WRONG, meta());
    expect((await accountKeyRow()).count).toBe(9);
    // Once the wait has passed, the owner gets in.
    await fresh.db.rateLimit.update({ where: { key: key.key }, data: { windowStart: new Date(Date.now() - 20_000) } });
    expect(await signInWithPassword(email, PASSWORD, meta())).toMatchObject({ ok: true });
  });

  it("the wait grows with each failure, up to 15 minutes, and never locks the account for good", () => {
    const rule = SIGN_IN_DELAYS.perAccountAndAddress;
    const waits = Array.from({ length: 18 }, (_, count) => delayAfter(count, rule));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits.slice(5, 10)).toEqual([1, 2, 4, 8, 16]);
    expect(waits.at(-1)).toBe(15 * 60);
    expect(delayAfter(10_000, rule)).toBe(15 * 60);
  });

  it("a stranger's failures from elsewhere do not slow the owner's own address", async () => {
    for (let attempt = 0; attempt < 5; attempt++) await signInWithPassword(email, WRONG, meta("198.51.100.66"));
    await fresh.db.rateLimit.updateMany({
      where: { key: { startsWith: "sign-in:account:" } },
      data: { count: 40, windowStart: new Date() },
    });
    expect(await signInWithPassword(email, WRONG, meta("198.51.100.66"))).toMatchObject({ reason: "rate_limited" });
    expect(await signInWithPassword(email, PASSWORD, meta("203.0.113.7"))).toMatchObject({ ok: true });
  });

  it("an address's budget counts failures: successful sign-ins give theirs back, and the limit still holds", async () => {
    const ip = "192.0.2.44";
    const key = addressKey("sign-in", ip);
    const limit = RATE_LIMITS.signInPerIp.limit;
    await fresh.db.rateLimit.create({ data: { key, windowStart: new Date(), count: limit - 1 } });
    // An office behind one NAT at 9 a.m.: however many sign in, the budget does not move.
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await signInWithPassword(email, PASSWORD, meta(ip))).toMatchObject({ ok: true });
    }
    expect((await fresh.db.rateLimit.findUniqueOrThrow({ where: { key } })).count).toBe(limit - 1);
    // A failure keeps its place: the budget is now spent, and the next attempt is refused.
    expect(await signInWithPassword(email, WRONG, meta(ip))).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(email, PASSWORD, meta(ip))).toMatchObject({ reason: "rate_limited" });
  });

  it("counts IPv6 clients by /64: stepping through one /64 does not start over", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await signInWithPassword(email, WRONG, meta(`2001:db8:1:2::${attempt + 1}`));
    }
    await signInWithPassword(email, WRONG, meta("2001:db8:1:2:ffff::9"));
    const keys = await fresh.db.rateLimit.findMany({ where: { key: { startsWith: "sign-in:account:" } } });
    expect(keys.map((key) => [key.key, key.count])).toEqual([[`sign-in:account:${email}:2001:db8:1:2::/64`, 4]]);
    // The next /64 is someone else.
    await signInWithPassword(email, WRONG, meta("2001:db8:1:3::1"));
    expect(await fresh.db.rateLimit.count({ where: { key: { startsWith: "sign-in:account:" } } })).toBe(2);
  });

  it("stores emails in lower case only: the database refuses another letter case", async () => {
    await expect(fresh.db.user.create({ data: { email: "Owner@Example.test" } })).rejects.toThrow(
      /users_email_lower_case/,
    );
    await expect(
      fresh.db.invitation.create({
        data: {
          orgId,
          email: "Guest@Example.test",
          role: "viewer",
          tokenHash: randomUUID(),
          invitedById: userId,
          expiresAt: new Date(Date.now() + 60_000),
        },
      }),
    ).rejects.toThrow(/invitations_email_lower_case/);
  });

  it("single sign-on: a refused identity is audited as denied with the reason, an accepted one as success", async () => {
    const refused = meta();
    expect(
      await recordSingleSignOn(email, refused, "the identity provider has not verified this email", "Corp SSO"),
    ).toBe(false);
    expect(await rowOf(refused.requestId)).toMatchObject({
      action: "session.sign_in",
      summary: "with Corp SSO",
      orgId,
      outcome: { outcome: "denied", detail: "FORBIDDEN: the identity provider has not verified this email" },
    });
    const accepted = meta();
    expect(await recordSingleSignOn(email, accepted, null, "Corp SSO")).toBe(true);
    expect((await rowOf(accepted.requestId)).outcome?.outcome).toBe("success");
  });
});
