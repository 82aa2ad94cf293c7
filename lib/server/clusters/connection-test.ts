import { AppError } from "@/lib/errors";
import type { ClusterSource } from "@/lib/validations/clusters";
import type { OrgContext } from "../auth/actor";
import { consumeRateLimit, RATE_LIMITS } from "../auth/rate-limit";
import { audited } from "../audit/record";
import { createConcurrencyLimit, type ConcurrencyLimit } from "../concurrency-limit";
import { openConnection } from "../k8s/connection";
import { allowedNetworksFor } from "./networks";
import { probeCluster, type ProbeResult } from "./probe";
import { connectable } from "./clients";
import { deferInvalid, materialFromSource, needsLookup } from "./source";

/**
 * "Test connection": reach a server the user names, with the credential they paste, and report
 * what it answered. Users need the real reasons ("certificate does not match") to fix a config,
 * so the errors stay useful; what keeps this from being a free scanner or a memory pump is that
 * every test is rate-limited per user, audited as `cluster.test` (never with the credential),
 * and runs inside a process-wide concurrency limit with small per-call response caps
 * (docs/security.md §1 and §6).
 */

/** Each test makes up to 7 calls (6 at once) of at most 256 KiB each; 4 at a time bounds the buffers to a few MiB. */
const RUNNING_TESTS = 4;
const QUEUED_TESTS = 16;
const MAX_WAIT_MS = 20_000;

const globalForTests = globalThis as unknown as { pilothouseConnectionTests?: ConcurrencyLimit };

/** One limit for the whole process: route handlers and server actions are separate bundles. */
export function connectionTestLimit(): ConcurrencyLimit {
  globalForTests.pilothouseConnectionTests ??= createConcurrencyLimit({
    limit: RUNNING_TESTS,
    maxQueued: QUEUED_TESTS,
    maxWaitMs: MAX_WAIT_MS,
    busy: () =>
      new AppError("UNAVAILABLE", "Pilothouse is running as many connection tests as it can. Try again in a minute."),
  });
  return globalForTests.pilothouseConnectionTests;
}

/**
 * Validate a source and try it: reachable, version, latency, what the credential may do. Stores
 * nothing; a connector's token is minted for this test only.
 */
export async function testClusterSource(context: OrgContext, source: ClusterSource): Promise<ProbeResult> {
  const allowed = await allowedNetworksFor(context.orgId);
  const mint = { orgId: context.orgId, allowed };
  const material = needsLookup(source) ? undefined : await deferInvalid(() => materialFromSource(source, mint));
  const server = material?.value?.server;
  const entry = { action: "cluster.test" as const, kind: "Cluster", ...(server && { summary: `server ${server}` }) };
  return audited(context, entry, async () => {
    await assertTestAllowed(context.actor.userId);
    const checked = material ? material.unwrap() : await materialFromSource(source, mint);
    return connectionTestLimit().run(async () => {
      const connection = await openConnection(checked, connectable(checked.credential, mint), {
        allowed,
        invalidInputPath: checked.serverPath,
      });
      try {
        return await probeCluster(connection, checked.namespace);
      } finally {
        connection.agent.destroy();
      }
    });
  });
}

async function assertTestAllowed(userId: string) {
  const limit = await consumeRateLimit(`cluster-test:user:${userId}`, RATE_LIMITS.clusterTest);
  if (limit.allowed) return;
  const minutes = Math.ceil(limit.retryAfterSeconds / 60);
  throw new AppError(
    "RATE_LIMITED",
    `You have tested ${RATE_LIMITS.clusterTest.limit} connections in the last ${RATE_LIMITS.clusterTest.windowSeconds / 60} minutes. Try again in ${minutes} min.`,
  );
}
