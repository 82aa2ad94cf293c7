import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cachedTokenSource, forgetClusterTokens, planRefresh } from "@/lib/server/cloud/token-cache";
import { resetConfigForTests } from "@/lib/server/config/env";

const MINUTE = 60_000;

describe("planRefresh", () => {
  it.each([
    ["an EKS token (14 min)", 14 * MINUTE, undefined, 14 * MINUTE, 10.5 * MINUTE],
    ["a Google or Entra token (60 min)", 60 * MINUTE, undefined, 60 * MINUTE, 55 * MINUTE],
    ["a 12 s token", 12_000, undefined, 12_000, 9_000],
    ["a token capped by the operator's max age", 60 * MINUTE, 12_000, 12_000, 9_000],
    ["a token already past its expiry", -1000, undefined, -1000, -1000],
  ])("refreshes %s a quarter of its life early, at most 5 minutes", (_label, lifetime, maxAge, expires, refresh) => {
    const plan = planRefresh({ token: "t", expiresAt: 1_000_000 + lifetime }, 1_000_000, maxAge);
    expect({ expiresAt: plan.expiresAt - 1_000_000, refreshAt: plan.refreshAt - 1_000_000 }).toEqual({
      expiresAt: expires,
      refreshAt: refresh,
    });
  });
});

describe("cachedTokenSource", () => {
  let clusterId: string;
  let minted: number;
  const mint = vi.fn(async () => ({ token: `token-${++minted}`, expiresAt: Date.now() + 12_000 }));
  const key = (version = 1) => `${clusterId}:${version}`;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-12-01T10:00:00Z") });
    delete process.env.PILOTHOUSE_CLOUD_TOKEN_MAX_AGE;
    resetConfigForTests();
    clusterId = randomUUID();
    minted = 0;
    mint.mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it("mints once for concurrent first requests, then serves the cached token until the refresh point", async () => {
    const source = cachedTokenSource(key(), mint);
    expect(await Promise.all([source.token(), source.token(), source.token()])).toEqual([
      "token-1",
      "token-1",
      "token-1",
    ]);
    vi.advanceTimersByTime(8_999);
    expect(await source.token()).toBe("token-1");
    expect(mint).toHaveBeenCalledTimes(1);
  });

  it("shares one token between every connection of the same cluster and credential version", async () => {
    expect(await cachedTokenSource(key(), mint).token()).toBe("token-1");
    expect(await cachedTokenSource(key(), mint).token()).toBe("token-1");
    expect(mint).toHaveBeenCalledTimes(1);
  });

  it("after the refresh point keeps answering with the still-valid token while one new token is minted", async () => {
    const source = cachedTokenSource(key(), mint);
    await source.token();
    vi.advanceTimersByTime(9_500);
    expect(await Promise.all([source.token(), source.token()])).toEqual(["token-1", "token-1"]);
    await vi.waitFor(() => expect(mint).toHaveBeenCalledTimes(2));
    expect(await source.token()).toBe("token-2");
  });

  it("waits for a new token once the old one has expired", async () => {
    const source = cachedTokenSource(key(), mint);
    await source.token();
    vi.advanceTimersByTime(12_000);
    expect(await source.token()).toBe("token-2");
  });

  it("answers a failed mint with its error for 10 s without asking the cloud again, then retries", async () => {
    const refusal = new Error("AWS rejected the access key: InvalidClientTokenId");
    const failing = vi.fn().mockRejectedValueOnce(refusal).mockImplementation(mint);
    const source = cachedTokenSource(key(), failing);
    await expect(source.token()).rejects.toBe(refusal);
    await expect(source.token()).rejects.toBe(refusal);
    expect(failing).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_001);
    expect(await source.token()).toBe("token-1");
  });

  it("keeps the valid token when a background refresh fails", async () => {
    const source = cachedTokenSource(key(), mint);
    await source.token();
    mint.mockRejectedValueOnce(new Error("Google rejected the service-account key: invalid_grant"));
    vi.advanceTimersByTime(9_500);
    expect(await source.token()).toBe("token-1");
    await vi.waitFor(() => expect(mint).toHaveBeenCalledTimes(2));
    expect(await source.token()).toBe("token-1");
  });

  it("drops a token the cluster rejects once it is old enough, so the next mint tells why", async () => {
    const longLived = vi.fn(async () => ({ token: `token-${++minted}`, expiresAt: Date.now() + 3_600_000 }));
    const source = cachedTokenSource(key(), longLived);
    await source.token();
    source.rejected("token-1"); // just minted: an identity the cluster does not map would otherwise mint on every call
    expect(await source.token()).toBe("token-1");
    vi.advanceTimersByTime(30_000);
    source.rejected("some-other-token");
    expect(await source.token()).toBe("token-1");
    source.rejected("token-1");
    expect(await source.token()).toBe("token-2");
  });

  it("forgets the tokens of older credential versions and of forgotten clusters", async () => {
    await cachedTokenSource(key(1), mint).token();
    expect(await cachedTokenSource(key(2), mint).token()).toBe("token-2");
    expect(await cachedTokenSource(key(1), mint).token()).toBe("token-3");
    forgetClusterTokens(clusterId);
    expect(await cachedTokenSource(key(1), mint).token()).toBe("token-4");
  });

  it("without a key, tokens live only as long as the source", async () => {
    expect(await cachedTokenSource(undefined, mint).token()).toBe("token-1");
    expect(await cachedTokenSource(undefined, mint).token()).toBe("token-2");
  });
});
