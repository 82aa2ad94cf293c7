import { describe, expect, it } from "vitest";
import {
  CHECK_INTERVAL_MS,
  FAILURES_TO_OPEN,
  halfOpenDelayMs,
  scheduleAfterCheck,
} from "@/lib/server/clusters/health-schedule";
import { createLimiter } from "@/lib/server/concurrency/limiter";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const NOW = 1_000_000;

describe("the health schedule", () => {
  it.each([
    { failures: 0, circuit: "closed", delay: CHECK_INTERVAL_MS },
    { failures: 1, circuit: "closed", delay: CHECK_INTERVAL_MS },
    { failures: FAILURES_TO_OPEN - 1, circuit: "closed", delay: CHECK_INTERVAL_MS },
    { failures: FAILURES_TO_OPEN, circuit: "open", delay: 5_000 },
    { failures: FAILURES_TO_OPEN + 1, circuit: "open", delay: 10_000 },
    { failures: FAILURES_TO_OPEN + 2, circuit: "open", delay: 20_000 },
    { failures: FAILURES_TO_OPEN + 3, circuit: "open", delay: 40_000 },
    { failures: FAILURES_TO_OPEN + 4, circuit: "open", delay: 60_000 },
    { failures: FAILURES_TO_OPEN + 400, circuit: "open", delay: 60_000 },
  ] as const)(
    "after $failures failure(s) in a row: $circuit, next check in $delay ms",
    ({ failures, circuit, delay }) => {
      // random 0.5 is the middle of the jitter range: no jitter.
      expect(scheduleAfterCheck({ failures, now: NOW, random: 0.5 })).toEqual({ circuit, nextCheckAt: NOW + delay });
    },
  );

  it.each([
    { probe: 0, random: 0, delay: 4_000 },
    { probe: 0, random: 0.999_999, delay: 6_000 },
    { probe: 2, random: 0, delay: 16_000 },
    { probe: 10, random: 0, delay: 48_000 },
    { probe: 10, random: 0.999_999, delay: 72_000 },
  ])("jitters half-open probe $probe by ±20% (random $random → $delay ms)", ({ probe, random, delay }) => {
    expect(halfOpenDelayMs(probe, random)).toBe(delay);
  });

  it("never waits longer than the cap plus its jitter, however long the outage", () => {
    for (let probe = 0; probe < 10_000; probe += 97)
      expect(halfOpenDelayMs(probe, 0.999_999)).toBeLessThanOrEqual(72_000);
  });
});

describe("the concurrency limiter", () => {
  it("runs at most `limit` tasks at once and starts the rest in order as slots free up", async () => {
    const limiter = createLimiter(2);
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const tasks = gates.map((gate, index) =>
      limiter.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.stats()).toEqual({ running: 2, waiting: 3, limit: 2 });
    gates[1]!.resolve();
    await tasks[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.stats()).toEqual({ running: 0, waiting: 0, limit: 2 });
  });

  it("lets urgent work (a person waiting) jump the queue, and frees the slot when a task throws", async () => {
    const limiter = createLimiter(1);
    const started: string[] = [];
    const gate = deferred();
    const first = limiter.run(async () => {
      started.push("first");
      await gate.promise;
      throw new Error("boom");
    });
    const routine = limiter.run(async () => void started.push("routine"));
    const urgent = limiter.run(async () => void started.push("urgent"), { urgent: true });
    gate.resolve();
    await expect(first).rejects.toThrow("boom");
    await Promise.all([routine, urgent]);
    expect(started).toEqual(["first", "urgent", "routine"]);
  });
});
