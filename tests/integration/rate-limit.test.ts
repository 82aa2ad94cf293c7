import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeRateLimit, consumeRateLimits } from "@/lib/server/auth/rate-limit";
import { useFreshDatabase } from "../support/database";

const rule = { limit: 3, windowSeconds: 600 };

/** Check one attempt from a brand-new process: what a restarted server would see. */
function consumeInNewProcess(databaseUrl: string, key: string) {
  const script = `
    import { consumeRateLimit } from "./lib/server/auth/rate-limit.ts";
    import { disconnectDb } from "./lib/server/db/client.ts";
    const result = await consumeRateLimit(${JSON.stringify(key)}, ${JSON.stringify(rule)});
    console.log(JSON.stringify(result));
    await disconnectDb();`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { allowed: boolean; retryAfterSeconds: number };
}

describe("database rate limits", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  beforeAll(async () => {
    fresh = await useFreshDatabase();
  });
  afterAll(async () => fresh.drop());

  it("allows the limit, refuses the next attempt, and says when to retry", async () => {
    for (let attempt = 1; attempt <= rule.limit; attempt++) {
      expect((await consumeRateLimit("sign-in:email:a@example.test", rule)).allowed).toBe(true);
    }
    const refused = await consumeRateLimit("sign-in:email:a@example.test", rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(500);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(600);
  });

  it("still refuses after a restart: the count lives in PostgreSQL", async () => {
    for (let attempt = 0; attempt < rule.limit; attempt++) await consumeRateLimit("sign-in:ip:10.0.0.9", rule);
    expect(consumeInNewProcess(fresh.url, "sign-in:ip:10.0.0.9").allowed).toBe(false);
    expect(consumeInNewProcess(fresh.url, "sign-in:ip:10.0.0.10").allowed).toBe(true);
  });

  it("opens a new window once the old one has passed", async () => {
    for (let attempt = 0; attempt <= rule.limit; attempt++) await consumeRateLimit("invite:ip:1", rule);
    await fresh.db
      .$executeRaw`UPDATE rate_limits SET window_start = now() - interval '11 minutes' WHERE key = 'invite:ip:1'`;
    expect((await consumeRateLimit("invite:ip:1", rule)).allowed).toBe(true);
  });

  it("counts concurrent attempts exactly (no lost updates)", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => consumeRateLimit("burst", rule)));
    expect(results.filter((result) => result.allowed)).toHaveLength(rule.limit);
  });

  it("refuses when any of several keys is over its limit", async () => {
    for (let attempt = 0; attempt <= rule.limit; attempt++)
      await consumeRateLimit("sign-in:email:b@example.test", rule);
    const result = await consumeRateLimits([
      ["sign-in:email:b@example.test", rule],
      ["sign-in:ip:fresh", rule],
    ]);
    expect(result.allowed).toBe(false);
  });
});
