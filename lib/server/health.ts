import { getDb } from "./db/client";
import { getMigrationStatus } from "./db/migration-status";
import { PILOTHOUSE_VERSION } from "./version";

export type Readiness = {
  ready: boolean;
  checks: { database: "ok" | "unreachable"; migrations: "ok" | "pending" | "unknown" };
  pending?: string[];
};

const startedAt = Date.now();

export function getLiveness() {
  return {
    status: "ok" as const,
    version: PILOTHOUSE_VERSION,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  };
}

/** Ready means: the database answers within a short deadline and every committed migration is applied. */
export async function getReadiness(timeoutMs = 2_000): Promise<Readiness> {
  try {
    const status = await withTimeout(getMigrationStatus(getDb()), timeoutMs);
    const migrations = status.pending.length === 0 ? "ok" : "pending";
    return {
      ready: migrations === "ok",
      checks: { database: "ok", migrations },
      ...(status.pending.length > 0 && { pending: status.pending }),
    };
  } catch {
    return { ready: false, checks: { database: "unreachable", migrations: "unknown" } };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
