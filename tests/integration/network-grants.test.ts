/**
 * Private networks per organization (docs/decisions/0062-per-org-network-grants.md): with
 * PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS unset, a loopback test cluster is refused to everyone
 * until an operator grants its address to ONE org with `npm run cli -- networks grant`; then that
 * org alone can test and add it, on the granted ports only. Grants and revocations are audited.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrgContext } from "@/lib/server/auth/actor";
import { testClusterSource } from "@/lib/server/clusters/connection-test";
import { addCluster } from "@/lib/server/clusters/service";
import { runCli } from "../support/cli";
import { readTestClusters } from "../support/clusters";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";

/** Each CLI run starts a process and the runtime (migrations included); the shared machines are slow. */
const CLI_TEST_TIMEOUT_MS = 180_000;

describe("per-organization network grants", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let dataDir: string;
  let tenant: OrgContext;
  let neighbour: OrgContext;
  let kubeconfig: string;
  let port: string;

  beforeAll(async () => {
    // Nothing private is open to anyone: only grants can open the loopback test cluster.
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: undefined });
    fresh = await useFreshDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-networks-"));
    tenant = await createOrgContext(fresh.db, { orgName: "Tenant", role: "editor" });
    neighbour = await createOrgContext(fresh.db, { orgName: "Neighbour", role: "editor" });
    const [cluster] = readTestClusters();
    kubeconfig = readKubeconfigs(cluster!).viewer;
    port = new URL(cluster!.server).port;
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await fresh?.drop();
  });

  const networks = (...args: string[]) =>
    runCli(["networks", ...args], { DATABASE_URL: fresh.url, PILOTHOUSE_DATA_DIR: dataDir });

  async function refusalOf(promise: Promise<unknown>) {
    return promise.then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  it("refuses the loopback cluster to every org while nothing is granted", async () => {
    const error = await refusalOf(testClusterSource(nextRequest(tenant), { kubeconfig }));
    expect(error).toMatchObject({ code: "INVALID_INPUT", path: "clusters[0].cluster.server" });
    expect((error as Error).message).toMatch(/Ask your Pilothouse operator to allow this network\.$/);
  });

  it(
    "`networks grant` opens it to that org alone, on the named port only; audited as the CLI",
    async () => {
      const granted = await networks("grant", "--org", "Tenant", "--cidr", "127.0.0.1", "--ports", `${port},6443`);
      expect(granted.stderr).not.toMatch(/^\s+at /m);
      expect(granted.code).toBe(0);
      expect(granted.stdout).toContain(
        `granted 127.0.0.1/32 (ports ${[Number(port), 6443].sort((a, b) => a - b).join(", ")}) to "Tenant"`,
      );

      await expect(testClusterSource(nextRequest(tenant), { kubeconfig })).resolves.toMatchObject({
        version: "v1.20.2",
      });
      await expect(addCluster(nextRequest(tenant), { name: "private", kubeconfig })).resolves.toMatchObject({
        name: "private",
      });
      // The neighbour gets nothing from the tenant's grant.
      const refused = await refusalOf(addCluster(nextRequest(neighbour), { name: "private", kubeconfig }));
      expect(refused).toMatchObject({ code: "INVALID_INPUT", path: "clusters[0].cluster.server" });

      const audit = await fresh.db.auditEvent.findFirstOrThrow({
        where: { action: "network.grant" },
        include: { outcome: true },
      });
      expect(audit).toMatchObject({
        orgId: tenant.orgId,
        actorType: "cli",
        actorUserId: null,
        kind: "NetworkGrant",
        name: "127.0.0.1/32",
        outcome: { outcome: "success" },
      });
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "a grant limited to other ports does not open this one, and says which ports it opens",
    async () => {
      const regrant = await networks("grant", "--org", "Tenant", "--cidr", "127.0.0.0/8", "--ports", "6443");
      expect(regrant.code).toBe(0);
      const revoke = await networks("revoke", "--org", tenant.orgId, "--cidr", "127.0.0.1/32");
      expect(revoke.code).toBe(0);
      expect(revoke.stdout).toContain('revoked 127.0.0.1/32 from "Tenant"');
      const error = await refusalOf(testClusterSource(nextRequest(tenant), { kubeconfig }));
      expect((error as Error).message).toMatch(
        /a loopback address, which your organization may reach only on port 6443\.$/,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "`networks list` shows the org's grants; revoking closes the range again",
    async () => {
      const list = await networks("list", "--org", "Tenant");
      expect(list.code).toBe(0);
      expect(list.stdout.trim()).toBe("127.0.0.0/8\tports 6443");
      expect((await networks("revoke", "--org", "Tenant", "--cidr", "127.0.0.0/8")).code).toBe(0);
      expect((await networks("list", "--org", "Tenant")).stdout.trim()).toBe('"Tenant" has no network grants');
      const actions = await fresh.db.auditEvent.findMany({
        where: { action: { startsWith: "network." } },
        orderBy: { id: "asc" },
        select: { action: true, name: true, summary: true },
      });
      expect(actions).toEqual([
        { action: "network.grant", name: "127.0.0.1/32", summary: expect.stringMatching(/^ports /) },
        { action: "network.grant", name: "127.0.0.0/8", summary: "ports 6443" },
        { action: "network.revoke", name: "127.0.0.1/32", summary: null },
        { action: "network.revoke", name: "127.0.0.0/8", summary: null },
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it.each([
    [["grant", "--org", "Tenant", "--cidr", "10.0.0.0/33"], "--cidr: "],
    [["grant", "--org", "Tenant", "--cidr", "10.0.0.0/8", "--ports", "443,http"], '--ports: "http" is not a port'],
    [["grant", "--org", "Tenant"], "--cidr is required"],
    [["list"], "--org is required"],
  ])("refuses %j with a message naming the flag (exit 2)", async (args, message) => {
    const run = await networks(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
  });

  it(
    "names an unknown org and a grant that does not exist (exit 1)",
    async () => {
      const unknown = await networks("list", "--org", "Nobody");
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no organization named "Nobody"');
      const missing = await networks("revoke", "--org", "Tenant", "--cidr", "10.9.0.0/16");
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("This organization has no grant for 10.9.0.0/16.");
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
