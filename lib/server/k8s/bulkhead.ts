/**
 * A concurrency limit per key (a cluster): at most `limit` tasks of one key run at once, the rest
 * wait their turn in order. Fifty new watches on a slow cluster then queue behind that cluster's
 * few slots, and no other cluster waits for them (docs/realtime.md, "Isolation").
 */
export class Bulkhead {
  private readonly lanes = new Map<string, { active: number; waiting: (() => void)[] }>();

  constructor(private readonly limit: number) {}

  async run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.enter(key, signal);
    try {
      return await task();
    } finally {
      this.leave(key);
    }
  }

  /** Tasks waiting for a slot on `key`. */
  queued(key: string): number {
    return this.lanes.get(key)?.waiting.length ?? 0;
  }

  private enter(key: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const lane = this.lanes.get(key) ?? { active: 0, waiting: [] };
    this.lanes.set(key, lane);
    if (lane.active < this.limit) {
      lane.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener("abort", abandon);
        lane.active += 1;
        resolve();
      };
      const abandon = () => {
        lane.waiting.splice(lane.waiting.indexOf(start), 1);
        this.dropIfIdle(key, lane);
        reject(signal!.reason);
      };
      lane.waiting.push(start);
      signal?.addEventListener("abort", abandon, { once: true });
    });
  }

  private leave(key: string) {
    const lane = this.lanes.get(key);
    if (!lane) return;
    lane.active -= 1;
    lane.waiting.shift()?.();
    this.dropIfIdle(key, lane);
  }

  private dropIfIdle(key: string, lane: { active: number; waiting: unknown[] }) {
    if (lane.active === 0 && lane.waiting.length === 0) this.lanes.delete(key);
  }
}
