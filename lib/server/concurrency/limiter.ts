/**
 * A process-wide cap on concurrent work, with a FIFO queue (and a front door for work a person
 * is waiting on). Nothing is dropped: callers wait their turn. Bounded by the caller's own
 * bound on what it enqueues (the health monitor enqueues each cluster at most once).
 */
export type Limiter = {
  run<T>(task: () => Promise<T>, options?: { urgent?: boolean }): Promise<T>;
  /** Tasks running now and tasks waiting, for tests and metrics. */
  stats(): { running: number; waiting: number; limit: number };
};

export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) throw new Error("a limiter needs a positive whole limit");
  let running = 0;
  const waiting: (() => void)[] = [];

  function release() {
    running -= 1;
    const next = waiting.shift();
    if (next) next();
  }

  async function acquire(urgent: boolean) {
    if (running < limit) {
      running += 1;
      return;
    }
    await new Promise<void>((resolve) => {
      const start = () => {
        running += 1;
        resolve();
      };
      if (urgent) waiting.unshift(start);
      else waiting.push(start);
    });
  }

  return {
    async run(task, options = {}) {
      await acquire(options.urgent === true);
      try {
        return await task();
      } finally {
        release();
      }
    },
    stats: () => ({ running, waiting: waiting.length, limit }),
  };
}
