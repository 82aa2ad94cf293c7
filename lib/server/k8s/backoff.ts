export type BackoffOptions = { baseMs: number; maxMs: number; random?: () => number };

/**
 * Exponential backoff with "equal jitter": each delay is half the exponential step plus a
 * random half, so many watches failing together (a cluster restart) spread their reconnects
 * instead of returning as one storm, and no delay collapses to zero.
 */
export function createBackoff({ baseMs, maxMs, random = Math.random }: BackoffOptions) {
  let attempt = 0;
  return {
    next(): number {
      const step = Math.min(maxMs, baseMs * 2 ** attempt);
      attempt = Math.min(attempt + 1, 30);
      return step / 2 + random() * (step / 2);
    },
    reset() {
      attempt = 0;
    },
  };
}

export type Backoff = ReturnType<typeof createBackoff>;

/** A delay around `ms` (±20%), for retries that should not line up across watches. */
export function jittered(ms: number, random: () => number = Math.random): number {
  return ms * (0.8 + 0.4 * random());
}
