/**
 * A process-wide bound on concurrent work (docs/security.md §6): at most `limit` tasks run at
 * once, up to `maxQueued` more wait (each at most `maxWaitMs`), and anything beyond that is
 * refused at once with `busy()`. Work that one tenant can start at will (connection tests
 * against a server of their choosing) goes through one of these, so many requests cannot add up
 * to unbounded memory or sockets.
 */
export type ConcurrencyLimit = {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now and tasks waiting (for tests and benchmarks). */
  stats(): { running: number; queued: number };
};

export function createConcurrencyLimit(options: {
  limit: number;
  maxQueued: number;
  maxWaitMs: number;
  busy: () => Error;
}): ConcurrencyLimit {
  let running = 0;
  const waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];

  function acquire(): Promise<void> {
    if (running < options.limit) {
      running += 1;
      return Promise.resolve();
    }
    if (waiting.length >= options.maxQueued) return Promise.reject(options.busy());
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          reject(options.busy());
        }, options.maxWaitMs),
      };
      waiting.push(entry);
    });
  }

  function release() {
    const next = waiting.shift();
    // The slot passes straight to the next waiter, so `running` never dips and a newcomer cannot jump the queue.
    if (next) next.start();
    else running -= 1;
  }

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    stats: () => ({ running, queued: waiting.length }),
  };
}
