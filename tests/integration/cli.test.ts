import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiToken } from "@/lib/server/auth/api-tokens";
import { verifyPassword } from "@/lib/server/auth/password";
import { type CliRun, runCli } from "../support/cli";
import { useFreshDatabase } from "../support/database";

const PASSWORD = "correct horse battery staple";

// Each CLI run starts a Node process that compiles the CLI (tsx): seconds on a busy machine, and a
// test here runs up to three of them.
describe("admin CLI: user create and token create", { timeout: 180_000 }, () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let dataDir: string;

  beforeAll(async () => {
    fresh = await useFreshDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-cli-test-"));
  });
  afterAll(async () => {
    await fresh.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function cli(args: string[], stdin = ""): Promise<CliRun> {
    return runCli(args, { DATABASE_URL: fresh.url, PILOTHOUSE_DATA_DIR: dataDir }, stdin);
  }

  it("creates a user with their organization as owner, audited as the CLI", async () => {
    const run = await cli(
      ["user", "create", "--email", "Ops@Example.test", "--password-stdin", "--name", "Ops", "--org", "Acme"],
      `${PASSWORD}\n`,
    );
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.code, run.stderr).toBe(0);
    const userId = /^user_id=(\S+)$/m.exec(run.stdout)?.[1];
    const orgId = /^org_id=(\S+)$/m.exec(run.stdout)?.[1];
    const user = await fresh.db.user.findUniqueOrThrow({ where: { email: "ops@example.test" } });
    expect(user.id).toBe(userId);
    expect(user.name).toBe("Ops");
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);
    expect(user.passwordHash).not.toContain(PASSWORD);
    const membership = await fresh.db.membership.findUniqueOrThrow({
      where: { orgId_userId: { orgId: orgId!, userId: user.id } },
    });
    expect(membership.role).toBe("owner");
    expect((await fresh.db.organization.findUniqueOrThrow({ where: { id: orgId! } })).name).toBe("Acme");

    const events = await fresh.db.auditEvent.findMany({
      where: { actorUserId: user.id },
      include: { outcome: true },
      orderBy: { id: "asc" },
    });
    expect(events.map((event) => [event.action, event.actorType, event.orgId, event.outcome?.outcome])).toEqual([
      ["user.create", "cli", orgId, "success"],
      ["org.create", "cli", orgId, "success"],
    ]);
    const everything = JSON.stringify(events, (_key, value) => (typeof value === "bigint" ? String(value) : value));
    expect(everything).not.toContain(PASSWORD);
  });

  it("adds a second user to the existing organization with the given role", async () => {
    const run = await cli(
      ["user", "create", "--email", "dev@example.test", "--password-stdin", "--org", "Acme", "--role", "editor"],
      PASSWORD,
    );
    expect(run.code, run.stderr).toBe(0);
    const orgId = /^org_id=(\S+)$/m.exec(run.stdout)?.[1];
    const acme = await fresh.db.organization.findMany({ where: { name: "Acme" } });
    expect(acme.map((org) => org.id)).toEqual([orgId]);
    const user = await fresh.db.user.findUniqueOrThrow({
      where: { email: "dev@example.test" },
      include: { memberships: true },
    });
    expect(user.memberships.map((membership) => [membership.orgId, membership.role])).toEqual([[orgId, "editor"]]);
    const audit = await fresh.db.auditEvent.findFirstOrThrow({
      where: { action: "member.add", actorUserId: user.id },
      include: { outcome: true },
    });
    expect(audit).toMatchObject({ actorType: "cli", orgId, summary: "added as editor" });
    expect(audit.outcome?.outcome).toBe("success");
  });

  it("refuses an ambiguous organization name and an existing email, leaving nothing behind", async () => {
    await fresh.db.organization.createMany({ data: [{ name: "Twins" }, { name: "Twins" }] });
    const ambiguous = await cli(
      ["user", "create", "--email", "twin@example.test", "--password-stdin", "--org", "Twins"],
      PASSWORD,
    );
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/more than one organization is named "Twins"/);
    expect(await fresh.db.user.count({ where: { email: "twin@example.test" } })).toBe(0);

    const duplicate = await cli(["user", "create", "--email", "ops@example.test", "--password-stdin"], PASSWORD);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
  });

  it("prints only a working ph_ token on stdout for token create", async () => {
    const run = await cli(["token", "create", "--email", "ops@example.test", "--name", "ci", "--expires", "12h"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ph_[A-Za-z0-9_-]+\n$/);
    const token = run.stdout.trim();
    expect(run.stderr).toContain('created token "ci"');
    expect(run.stderr).not.toContain(token);
    const identity = await authenticateApiToken(token);
    expect(identity?.user.email).toBe("ops@example.test");
    expect(identity?.role).toBe("owner");
    const record = await fresh.db.apiToken.findUniqueOrThrow({ where: { id: identity!.tokenId } });
    const hours = (record.expiresAt!.getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const audit = await fresh.db.auditEvent.findFirstOrThrow({
      where: { action: "token.create", name: "ci" },
      include: { outcome: true },
    });
    expect(audit).toMatchObject({ actorType: "cli", orgId: record.orgId });
    expect(audit.outcome?.outcome).toBe("success");
  });

  it("issues a never-expiring token when asked, and needs --org when the user has several", async () => {
    const never = await cli([
      "token",
      "create",
      "--email",
      "dev@example.test",
      "--name",
      "forever",
      "--expires",
      "never",
    ]);
    expect(never.code, never.stderr).toBe(0);
    const identity = await authenticateApiToken(never.stdout.trim());
    expect((await fresh.db.apiToken.findUniqueOrThrow({ where: { id: identity!.tokenId } })).expiresAt).toBeNull();

    const dev = await fresh.db.user.findUniqueOrThrow({ where: { email: "dev@example.test" } });
    const other = await fresh.db.organization.create({
      data: { name: "Other", memberships: { create: { userId: dev.id, role: "viewer" } } },
    });
    const unsure = await cli(["token", "create", "--email", "dev@example.test", "--name", "which"]);
    expect(unsure.code).toBe(2);
    expect(unsure.stderr).toMatch(/--org is required/);
    expect(unsure.stdout).toBe("");

    const chosen = await cli(["token", "create", "--email", "dev@example.test", "--name", "which", "--org", "Other"]);
    expect(chosen.code, chosen.stderr).toBe(0);
    const picked = await authenticateApiToken(chosen.stdout.trim());
    expect(picked).toMatchObject({ orgId: other.id, role: "viewer" });
  });

  it.each([
    [["user", "create", "--email", "x@example.test", "--password-stdin", "--bogus"], "unknown flag --bogus"],
    [["user", "create", "--password-stdin"], "--email is required"],
    [["user", "create", "--email", "not-an-email", "--password-stdin"], "--email: must be an email address"],
    [["user", "create", "--email", "x@example.test"], "--password-stdin is required"],
    [
      ["user", "create", "--email", "x@example.test", "--password-stdin", "--org", "Acme", "--role", "god"],
      "--role: must be one of",
    ],
    [["user", "create", "--email", "x@example.test", "--password-stdin", "--role", "admin"], "--role needs --org"],
    [["user", "create", "--email", "x@example.test", "--password", "hunter2"], "unknown flag --password"],
    [["token", "create", "--email", "ops@example.test"], "--name is required"],
    [["token", "create", "--email", "ops@example.test", "--name", "x", "--expires", "30m"], "--expires: must be"],
    [["token", "create", "--email", "ops@example.test", "--name", "x", "--expires", "400d"], "--expires: must be"],
    [["token", "create", "--email"], "--email needs a value"],
    [["token", "rotate"], 'unknown token command "rotate"'],
  ])("exits 2 naming the problem for %j", async (args, message) => {
    const run = await cli(args, "short\n");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it("rejects a weak password from stdin naming the flag", async () => {
    const run = await cli(["user", "create", "--email", "weak@example.test", "--password-stdin"], "short\n");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--password-stdin: must be at least 10 characters");
    expect(run.stderr).not.toContain("short\n");
    expect(await fresh.db.user.count({ where: { email: "weak@example.test" } })).toBe(0);
  });
});
