/**
 * One tenant must not take the server down for all (docs/security.md §6): a hostile "cluster"
 * answering megabytes is cut off at small per-call caps, connection tests run inside a
 * process-wide concurrency limit and a per-user rate limit, every test is audited as
 * `cluster.test` (never with the credential), and an org can register only so many clusters.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/server/auth/actor";
import { RATE_LIMITS } from "@/lib/server/auth/rate-limit";
import { resetConfigForTests } from "@/lib/server/config/env";
import { connectionTestLimit, testClusterSource } from "@/lib/server/clusters/connection-test";
import { addCluster } from "@/lib/server/clusters/service";
import { readTestClusters } from "../support/clusters";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { HOSTILE_CA_PEM, type HostileCluster, startHostileCluster } from "../support/hostile-cluster";

const TOKEN = "limits-token-0123456789abcdef";
const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v));

/** Poll (no deadline assertion: the test runner's timeout is the bound) until `ready()` holds. */
async function until(ready: () => boolean) {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("limits on what one tenant can make the server do", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let context: OrgContext;
  const standIns: HostileCluster[] = [];

  beforeAll(async () => {
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    context = await createOrgContext(fresh.db, { role: "editor" });
  });
  afterAll(async () => {
    await Promise.all(standIns.map((standIn) => standIn.close()));
    await fresh?.drop();
  });

  async function hostile(options: Parameters<typeof startHostileCluster>[0]) {
    const standIn = await startHostileCluster(options);
    standIns.push(standIn);
    return standIn;
  }

  const sourceFor = (standIn: HostileCluster) => ({
    server: standIn.url,
    certificateAuthority: HOSTILE_CA_PEM,
    token: TOKEN,
  });

  async function auditRowsOf(requestId: string) {
    return fresh.db.auditEvent.findMany({ where: { requestId }, include: { outcome: true } });
  }

  describe("response caps", () => {
    it("a connection test refuses a /version answer larger than 16 KiB (a real one is ~400 bytes)", async () => {
      const standIn = await hostile({ bodyBytes: 4 * 1024 * 1024 });
      const request = nextRequest(context);
      const error = await testClusterSource(request, sourceFor(standIn)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: "CLUSTER_UNREACHABLE",
        message: "The cluster at 127.0.0.1 sent a response larger than 16 KiB",
      });
      // Refused at /version: none of the six follow-up calls were made.
      expect(standIn.paths()).toEqual(["/version"]);
      const [row] = await auditRowsOf(request.requestId);
      expect(row).toMatchObject({ action: "cluster.test", summary: `server ${standIn.url}` });
      expect(row!.outcome).toMatchObject({ outcome: "failure" });
    });

    it("also when the answer streams in without a declared length", async () => {
      const standIn = await hostile({ bodyBytes: 4 * 1024 * 1024, declareLength: false });
      await expect(testClusterSource(nextRequest(context), sourceFor(standIn))).rejects.toMatchObject({
        message: "The cluster at 127.0.0.1 sent a response larger than 16 KiB",
      });
    });

    it("a rules review is capped at 256 KiB (only 50 rules are shown)", async () => {
      const standIn = await hostile({
        bodyBytes: (urlPath) => (urlPath.endsWith("/selfsubjectrulesreviews") ? 300 * 1024 : 1024),
      });
      await expect(testClusterSource(nextRequest(context), sourceFor(standIn))).rejects.toMatchObject({
        code: "CLUSTER_UNREACHABLE",
        message: "The cluster at 127.0.0.1 sent a response larger than 256 KiB",
      });
    });
  });

  describe("connection tests", () => {
    afterEach(() => fresh.db.rateLimit.deleteMany());

    it("run at most 4 at a time in the whole process; 16 more wait, the rest are refused at once", async () => {
      const standIn = await hostile({ bodyBytes: 1024, hold: true });
      const users = await Promise.all(
        Array.from({ length: 22 }, (_, index) => createOrgContext(fresh.db, { email: `tester-${index}@example.test` })),
      );
      const settled = Promise.allSettled(users.map((user) => testClusterSource(user, sourceFor(standIn))));
      await standIn.waitForInProgress(4);
      await until(() => connectionTestLimit().stats().queued === 16);
      // While the first four hang, the stand-in has seen exactly four requests: nobody else got through.
      expect(standIn.paths()).toEqual(["/version", "/version", "/version", "/version"]);
      standIn.release();
      const results = await settled;
      const refused = results.filter((result) => result.status === "rejected");
      expect(refused).toHaveLength(2);
      for (const result of refused) {
        expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "UNAVAILABLE" });
      }
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(20);
      expect(connectionTestLimit().stats()).toEqual({ running: 0, queued: 0 });
      // Each test makes at most six calls at once, so four tests never had more than 24 open.
      expect(standIn.maxConcurrent()).toBeLessThanOrEqual(24);
    });

    it(`are rate-limited per user (${RATE_LIMITS.clusterTest.limit} per 15 min) and a refusal is audited as denied`, async () => {
      const [cluster] = readTestClusters();
      const kubeconfig = readKubeconfigs(cluster!).viewer;
      const user = await createOrgContext(fresh.db, { email: `rationed-${randomUUID()}@example.test` });
      await fresh.db.rateLimit.create({
        data: {
          key: `cluster-test:user:${user.actor.userId}`,
          windowStart: new Date(),
          count: RATE_LIMITS.clusterTest.limit - 1,
        },
      });
      const last = nextRequest(user);
      await expect(testClusterSource(last, { kubeconfig })).resolves.toMatchObject({ version: "v1.20.2" });
      const refusedRequest = nextRequest(user);
      const refused = await testClusterSource(refusedRequest, { kubeconfig }).catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(AppError);
      expect({ code: (refused as AppError).code, status: (refused as AppError).status }).toEqual({
        code: "RATE_LIMITED",
        status: 429,
      });
      expect((refused as AppError).message).toMatch(/Try again in \d+ min/);
      expect((await auditRowsOf(last.requestId))[0]!.outcome).toMatchObject({ outcome: "success" });
      expect((await auditRowsOf(refusedRequest.requestId))[0]).toMatchObject({
        action: "cluster.test",
        actorUserId: user.actor.userId,
        outcome: { outcome: "denied" },
      });
      // Another user is not affected.
      await expect(testClusterSource(nextRequest(context), { kubeconfig })).resolves.toMatchObject({
        version: "v1.20.2",
      });
    });

    it("are audited with their outcome: failure for bad input or an unreachable server, denied for a refused address, never the token", async () => {
      const bad = nextRequest(context);
      await expect(
        testClusterSource(bad, { server: "https://127.0.0.1:1", token: `${TOKEN} with a space` }),
      ).rejects.toMatchObject({ code: "INVALID_INPUT", path: "token" });
      const metadata = nextRequest(context);
      await expect(
        testClusterSource(metadata, { server: "https://169.254.169.254", token: TOKEN }),
      ).rejects.toMatchObject({ code: "INVALID_INPUT", path: "server" });
      const rows = [...(await auditRowsOf(bad.requestId)), ...(await auditRowsOf(metadata.requestId))];
      expect(rows.map((row) => [row.action, row.outcome?.outcome])).toEqual([
        ["cluster.test", "failure"],
        ["cluster.test", "denied"],
      ]);
      expect(rows[1]!.summary).toBe("server https://169.254.169.254");
      expect(json(rows)).not.toContain(TOKEN);
    });
  });

  describe("clusters per organization", () => {
    afterAll(() => {
      delete process.env.PILOTHOUSE_MAX_CLUSTERS_PER_ORG;
      resetConfigForTests();
    });

    it("refuses the registration past PILOTHOUSE_MAX_CLUSTERS_PER_ORG with 409 and a clear message, audited as denied", async () => {
      process.env.PILOTHOUSE_MAX_CLUSTERS_PER_ORG = "2";
      resetConfigForTests();
      const [cluster] = readTestClusters();
      const kubeconfig = readKubeconfigs(cluster!).viewer;
      const org = await createOrgContext(fresh.db, { role: "editor" });
      // One cluster added three times on purpose: the quota, not the duplicate warning, is under test.
      const confirmed = { allowDuplicate: true };
      await addCluster(nextRequest(org), { name: "one", kubeconfig }, confirmed);
      await addCluster(nextRequest(org), { name: "two", kubeconfig }, confirmed);
      const third = nextRequest(org);
      const error = await addCluster(third, { name: "three", kubeconfig }, confirmed).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect({ code: (error as AppError).code, status: (error as AppError).status }).toEqual({
        code: "CONFLICT",
        status: 409,
      });
      expect((error as AppError).message).toBe(
        "This organization already has 2 clusters, the most one organization may register. Delete one first, or ask the operator to raise PILOTHOUSE_MAX_CLUSTERS_PER_ORG.",
      );
      expect(await fresh.db.cluster.count({ where: { orgId: org.orgId } })).toBe(2);
      expect((await auditRowsOf(third.requestId))[0]).toMatchObject({
        action: "cluster.create",
        name: "three",
        outcome: { outcome: "denied" },
      });
      // Another organization has its own quota.
      await expect(
        addCluster(nextRequest(context), { name: "elsewhere", kubeconfig }, confirmed),
      ).resolves.toMatchObject({
        name: "elsewhere",
      });
    });

    it("holds under concurrent registrations (the org is locked while counting)", async () => {
      process.env.PILOTHOUSE_MAX_CLUSTERS_PER_ORG = "3";
      resetConfigForTests();
      const [cluster] = readTestClusters();
      const kubeconfig = readKubeconfigs(cluster!).viewer;
      const org = await createOrgContext(fresh.db, { role: "editor" });
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, index) =>
          addCluster(nextRequest(org), { name: `burst-${index}`, kubeconfig }, { allowDuplicate: true }),
        ),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
      expect(await fresh.db.cluster.count({ where: { orgId: org.orgId } })).toBe(3);
    });
  });
});
