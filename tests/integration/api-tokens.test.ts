import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { OrgContext } from "@/lib/server/auth/actor";
import { authenticateApiToken, issueApiToken } from "@/lib/server/auth/api-tokens";
import { attachRealtime } from "@/lib/server/realtime/server";
import { createSession, findSession } from "@/lib/server/auth/sessions";
import { createOwnToken, listOwnTokens, revokeOwnToken } from "@/lib/server/tokens/api-tokens";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/tokens/route";
import { DELETE as revokeRoute } from "@/app/api/v1/tokens/[id]/route";
import { GET as listOrgRoute } from "@/app/api/v1/org-tokens/route";
import { DELETE as revokeOrgRoute } from "@/app/api/v1/org-tokens/[id]/route";
import { useFreshDatabase } from "../support/database";

const APP_URL = "http://localhost:3000";

// Route handlers are called directly; next-auth (the cookie path) needs Next's runtime, which these
// tests do not start, so its auth() answers the session a test puts here (a real sessions row).
const browser = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/server/auth/next-auth", () => ({
  auth: async () => (browser.sessionId ? { sessionId: browser.sessionId } : null),
}));

describe("personal API tokens", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let ada: { id: string; email: string };
  let bob: { id: string; email: string };
  let acme: string;
  let globex: string;

  async function member(email: string, memberships: [orgId: string, role: Role][]) {
    const user = await fresh.db.user.create({ data: { email } });
    for (const [orgId, role] of memberships)
      await fresh.db.membership.create({ data: { orgId, userId: user.id, role } });
    return { id: user.id, email: user.email };
  }

  function contextFor(user: { id: string; email: string }, orgId: string, role: Role = "viewer"): OrgContext {
    return {
      actor: { type: "session", userId: user.id, email: user.email },
      orgId,
      role,
      requestId: randomUUID(),
      ip: "10.0.0.1",
    };
  }

  beforeAll(async () => {
    fresh = await useFreshDatabase();
    acme = (await fresh.db.organization.create({ data: { name: "Acme" } })).id;
    globex = (await fresh.db.organization.create({ data: { name: "Globex" } })).id;
    ada = await member("ada@example.test", [[acme, "editor"]]);
    bob = await member("bob@example.test", [
      [acme, "viewer"],
      [globex, "admin"],
    ]);
  });
  afterAll(async () => fresh.drop());

  it("issues a ph_ token that authenticates as its owner, with their current role in its org", async () => {
    const { token, record } = await createOwnToken(contextFor(ada, acme), { name: "ci", expiresInDays: 30 });
    expect(token).toMatch(/^ph_[A-Za-z0-9_-]{40,}$/);
    expect(record).not.toHaveProperty("tokenHash");
    expect(token.startsWith(record.prefix)).toBe(true);
    expect(record.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29.9 * 24 * 3600_000);
    expect(await authenticateApiToken(token)).toEqual({
      tokenId: record.id,
      user: { id: ada.id, email: ada.email },
      orgId: acme,
      role: "editor",
    });
    // The role is read at use time, not frozen into the token.
    await fresh.db.membership.update({
      where: { orgId_userId: { orgId: acme, userId: ada.id } },
      data: { role: "admin" },
    });
    expect((await authenticateApiToken(token))?.role).toBe("admin");
    await fresh.db.membership.update({
      where: { orgId_userId: { orgId: acme, userId: ada.id } },
      data: { role: "editor" },
    });
  });

  it("stores only the hash: the token appears in no column of api_tokens and in no audit row", async () => {
    const { token } = await createOwnToken(contextFor(ada, acme), { name: "hash-check", expiresInDays: null });
    await authenticateApiToken(token);
    const secretPart = token.slice("ph_".length);
    for (const table of ["api_tokens", "audit_events", "audit_event_outcomes"]) {
      const rows = await fresh.db.$queryRawUnsafe<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM ${table} t`,
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const { row } of rows) {
        expect(row).not.toContain(token);
        expect(row).not.toContain(secretPart);
      }
    }
  });

  it("records lastUsedAt when a token is used", async () => {
    const { token, record } = await createOwnToken(contextFor(ada, acme), { name: "last-used", expiresInDays: 7 });
    expect(record.lastUsedAt).toBeNull();
    const before = Date.now();
    await authenticateApiToken(token);
    const stored = await fresh.db.apiToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(stored.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("refuses revoked, expired, unknown and malformed tokens", async () => {
    const { token, record } = await createOwnToken(contextFor(ada, acme), { name: "to-revoke", expiresInDays: 7 });
    await revokeOwnToken(contextFor(ada, acme), record.id);
    expect(await authenticateApiToken(token)).toBeNull();

    const expired = await issueApiToken({
      userId: ada.id,
      orgId: acme,
      name: "old",
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await authenticateApiToken(expired.token)).toBeNull();

    expect(await authenticateApiToken(`ph_${"x".repeat(43)}`)).toBeNull();
    expect(await authenticateApiToken(token.slice(3))).toBeNull();
    expect(await authenticateApiToken("")).toBeNull();
  });

  it("refuses a token for an org its owner does not belong to, or has been removed from", async () => {
    const foreign = await issueApiToken({ userId: ada.id, orgId: globex, name: "foreign", expiresAt: null });
    expect(await authenticateApiToken(foreign.token)).toBeNull();

    const carol = await member("carol@example.test", [[acme, "admin"]]);
    const { token } = await createOwnToken(contextFor(carol, acme, "admin"), { name: "leaver", expiresInDays: 30 });
    expect(await authenticateApiToken(token)).not.toBeNull();
    await fresh.db.membership.delete({ where: { orgId_userId: { orgId: acme, userId: carol.id } } });
    expect(await authenticateApiToken(token)).toBeNull();
  });

  it("lists only the caller's own live tokens in the current org", async () => {
    const mine = await createOwnToken(contextFor(bob, acme), { name: "bob-acme", expiresInDays: 30 });
    await createOwnToken(contextFor(bob, globex, "admin"), { name: "bob-globex", expiresInDays: 30 });
    const listed = await listOwnTokens({ userId: bob.id, orgId: acme });
    expect(listed.map((token) => token.name)).toEqual(["bob-acme"]);
    expect(Object.keys(listed[0]!).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix"]);
    await revokeOwnToken(contextFor(bob, acme), mine.record.id);
    expect(await listOwnTokens({ userId: bob.id, orgId: acme })).toEqual([]);
  });

  it("gives the same 404 for another user's token, another org's token and an unknown id, and audits the attempts", async () => {
    const adas = await createOwnToken(contextFor(ada, acme), { name: "not-bobs", expiresInDays: 30 });
    const bobsGlobex = await createOwnToken(contextFor(bob, globex, "admin"), { name: "other-org", expiresInDays: 30 });
    for (const id of [adas.record.id, bobsGlobex.record.id, randomUUID()]) {
      const attempt = revokeOwnToken(contextFor(bob, acme), id);
      await expect(attempt).rejects.toThrow(AppError);
      await expect(attempt).rejects.toMatchObject({ code: "NOT_FOUND", message: "API token not found." });
    }
    expect(await authenticateApiToken(adas.token)).not.toBeNull();
    expect(await authenticateApiToken(bobsGlobex.token)).not.toBeNull();
    const failures = await fresh.db.auditEvent.findMany({
      where: { action: "token.revoke", actorUserId: bob.id, outcome: { outcome: "failure" } },
    });
    expect(failures).toHaveLength(3);
    // Another user's token name never leaks into the prober's audit trail: the row names the id.
    expect(failures.map((event) => event.name)).not.toContain("not-bobs");
  });

  it("audits creation and revocation with the expiry, never the token", async () => {
    const context = contextFor(ada, acme);
    const { token, record } = await createOwnToken(context, { name: "audited", expiresInDays: null });
    await revokeOwnToken(context, record.id);
    const events = await fresh.db.auditEvent.findMany({
      where: { orgId: acme, name: "audited" },
      include: { outcome: true },
      orderBy: { id: "asc" },
    });
    expect(events.map((event) => [event.action, event.outcome?.outcome])).toEqual([
      ["token.create", "success"],
      ["token.revoke", "success"],
    ]);
    expect(events[0]).toMatchObject({
      actorUserId: ada.id,
      actorEmail: ada.email,
      actorType: "session",
      kind: "ApiToken",
      summary: "expires never",
      requestId: context.requestId,
      ip: "10.0.0.1",
    });
    expect(JSON.stringify(events, (_key, value) => (typeof value === "bigint" ? String(value) : value))).not.toContain(
      token,
    );
  });

  it("drops sockets opened with a token when it is revoked, and keeps the owner's other sockets", async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    attachRealtime(server, APP_URL);
    const revoked = await createOwnToken(contextFor(ada, acme), { name: "socket", expiresInDays: 30 });
    const kept = await createOwnToken(contextFor(ada, acme), { name: "socket-kept", expiresInDays: 30 });
    const open = (token: string) =>
      connect(url, {
        path: "/socket.io",
        transports: ["websocket"],
        reconnection: false,
        extraHeaders: { Origin: APP_URL },
        auth: { token },
      });
    const doomed = open(revoked.token);
    const survivor = open(kept.token);
    try {
      await Promise.all(
        [doomed, survivor].map((socket) => new Promise<void>((resolve) => socket.on("connect", () => resolve()))),
      );
      const dropped = new Promise((resolve) => doomed.on("disconnect", resolve));
      const told = new Promise((resolve) => survivor.on("access:changed", resolve));
      await revokeOwnToken(contextFor(ada, acme), revoked.record.id);
      expect(await dropped).toBe("io server disconnect");
      expect(await told).toEqual({ orgId: acme, reason: "signed_out" });
      expect(survivor.connected).toBe(true);
    } finally {
      doomed.close();
      survivor.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  describe("over the REST API with a bearer token", () => {
    let bearer: string;

    beforeAll(async () => {
      bearer = (await createOwnToken(contextFor(ada, acme), { name: "api", expiresInDays: 30 })).token;
    });

    function call(
      handler: typeof listRoute,
      method: string,
      path: string,
      options: { body?: unknown; token?: string | null; params?: object } = {},
    ) {
      // token null: the browser session instead (same-origin, as a browser sends it).
      const headers: Record<string, string> =
        options.token === null ? { Origin: APP_URL } : { Authorization: `Bearer ${options.token ?? bearer}` };
      if (options.body !== undefined) headers["Content-Type"] = "application/json";
      const request = new Request(`${APP_URL}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      return handler(request, { params: Promise.resolve(options.params ?? {}) } as never);
    }

    /** Ada signed in at a browser, working in Acme. */
    async function asAdaInBrowser() {
      const session = await findSession(await createSession(ada.id, acme));
      browser.sessionId = session!.id;
    }

    it("refuses to mint a token with an API token (403 for every role), and audits the refusal", async () => {
      for (const [user, org] of [
        [ada, acme],
        [bob, globex],
      ] as const) {
        const response = await call(createRoute, "POST", "/api/v1/tokens", {
          token: (await createOwnToken(contextFor(user, org), { name: "minter", expiresInDays: 7 })).token,
          body: { name: "successor", expiresInDays: null },
        });
        expect(response.status).toBe(403);
        expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
          "API tokens cannot do this. Sign in to Pilothouse in a browser to do it.",
        );
      }
      expect(await fresh.db.apiToken.count({ where: { name: "successor" } })).toBe(0);
      const denied = await fresh.db.auditEvent.findMany({
        where: { action: "token.create", actorType: "token" },
        include: { outcome: true },
      });
      expect(denied.map((row) => row.outcome?.outcome)).toEqual(["denied", "denied"]);
    });

    it("creates a token from a browser session (201, shown once) that then works as a bearer token", async () => {
      await asAdaInBrowser();
      const response = await call(createRoute, "POST", "/api/v1/tokens", {
        token: null,
        body: { name: "from-api", expiresInDays: 7 },
      });
      expect(response.status).toBe(201);
      const body = (await response.json()) as {
        token: string;
        record: { id: string; name: string; tokenHash?: string };
      };
      expect(body.token).toMatch(/^ph_/);
      expect(body.record.name).toBe("from-api");
      expect(body.record.tokenHash).toBeUndefined();
      const listed = await call(listRoute, "GET", "/api/v1/tokens", { token: body.token });
      expect(listed.status).toBe(200);
      const { tokens } = (await listed.json()) as { tokens: { name: string }[] };
      expect(tokens.map((token) => token.name)).toContain("from-api");
      expect(JSON.stringify(tokens)).not.toContain(body.token);
    });

    it("defaults to 30 days, accepts null for never, and names the bad field", async () => {
      await asAdaInBrowser();
      const defaulted = await call(createRoute, "POST", "/api/v1/tokens", { token: null, body: { name: "defaulted" } });
      const { record } = (await defaulted.json()) as { record: { expiresAt: string } };
      expect(new Date(record.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
      const never = await call(createRoute, "POST", "/api/v1/tokens", {
        token: null,
        body: { name: "forever", expiresInDays: null },
      });
      expect(((await never.json()) as { record: { expiresAt: null } }).record.expiresAt).toBeNull();
      for (const [body, path] of [
        [{ name: "" }, "name"],
        [{ name: "x".repeat(81) }, "name"],
        [{ name: "ok", expiresInDays: 0 }, "expiresInDays"],
        [{ name: "ok", expiresInDays: 366 }, "expiresInDays"],
        [{ name: "ok", expiresInDays: "30" }, "expiresInDays"],
      ] as const) {
        const response = await call(createRoute, "POST", "/api/v1/tokens", { token: null, body });
        expect(response.status).toBe(422);
        expect(((await response.json()) as { error: { path: string } }).error.path).toBe(path);
      }
    });

    it("revokes the caller's own token and 404s everything else the same way", async () => {
      const target = await createOwnToken(contextFor(ada, acme), { name: "api-revoke", expiresInDays: 7 });
      const foreign = await createOwnToken(contextFor(bob, acme), { name: "bobs", expiresInDays: 7 });
      const bodies = [];
      for (const id of [foreign.record.id, randomUUID(), "not-a-uuid"]) {
        const response = await call(revokeRoute as typeof listRoute, "DELETE", `/api/v1/tokens/${id}`, {
          params: { id },
        });
        expect(response.status).toBe(404);
        bodies.push(((await response.json()) as { error: { code: string; message: string } }).error);
      }
      expect(new Set(bodies.map((body) => `${body.code} ${body.message}`)).size).toBe(1);
      const ok = await call(revokeRoute as typeof listRoute, "DELETE", `/api/v1/tokens/${target.record.id}`, {
        params: { id: target.record.id },
      });
      expect(ok.status).toBe(200);
      expect(await authenticateApiToken(target.token)).toBeNull();
      expect(await authenticateApiToken(foreign.token)).not.toBeNull();
    });

    it("lets an admin list every member's live tokens in the org, with their owner, never a hash or a token", async () => {
      const dora = await member("dora@example.test", [[globex, "editor"]]);
      const doras = await createOwnToken(contextFor(dora, globex, "editor"), { name: "dora-ci", expiresInDays: 7 });
      const bobs = await createOwnToken(contextFor(bob, globex, "admin"), { name: "bob-admin", expiresInDays: 7 });
      await createOwnToken(contextFor(ada, acme), { name: "ada-elsewhere", expiresInDays: 7 });
      const response = await call(listOrgRoute, "GET", "/api/v1/org-tokens", { token: bobs.token });
      expect(response.status).toBe(200);
      const text = await response.text();
      const { tokens } = JSON.parse(text) as { tokens: { name: string; owner: { email: string } }[] };
      expect(tokens.map((token) => [token.name, token.owner.email])).toEqual(
        expect.arrayContaining([
          ["dora-ci", "dora@example.test"],
          ["bob-admin", "bob@example.test"],
        ]),
      );
      expect(tokens.map((token) => token.name)).not.toContain("ada-elsewhere");
      expect(text).not.toContain(doras.token);
      expect(text).not.toMatch(/tokenHash|token_hash/);
      // A viewer may not look.
      const bobInAcme = await createOwnToken(contextFor(bob, acme), { name: "bob-viewer", expiresInDays: 7 });
      expect((await call(listOrgRoute, "GET", "/api/v1/org-tokens", { token: bobInAcme.token })).status).toBe(403);
    });

    it("lets an admin revoke a member's token, audited with its owner; another org's token is a 404", async () => {
      const bobs = await createOwnToken(contextFor(bob, globex, "admin"), { name: "bob-revoker", expiresInDays: 7 });
      const dora = await fresh.db.user.findUniqueOrThrow({ where: { email: "dora@example.test" } });
      const target = await createOwnToken(contextFor(dora, globex, "editor"), { name: "dora-old", expiresInDays: 7 });
      const foreign = await createOwnToken(contextFor(ada, acme), { name: "ada-foreign", expiresInDays: 7 });
      const revoke = (id: string) =>
        call(revokeOrgRoute as typeof listRoute, "DELETE", `/api/v1/org-tokens/${id}`, {
          token: bobs.token,
          params: { id },
        });
      expect((await revoke(foreign.record.id)).status).toBe(404);
      expect(await authenticateApiToken(foreign.token)).not.toBeNull();
      expect((await revoke(target.record.id)).status).toBe(200);
      expect(await authenticateApiToken(target.token)).toBeNull();
      const audit = await fresh.db.auditEvent.findFirstOrThrow({
        where: { action: "token.revoke", name: "dora-old" },
        include: { outcome: true },
      });
      expect(audit).toMatchObject({ orgId: globex, actorUserId: bob.id, outcome: { outcome: "success" } });
      expect(audit.summary).toMatch(/, owned by dora@example\.test$/);
    });

    it("refuses a revoked bearer token with 401", async () => {
      const doomed = await createOwnToken(contextFor(ada, acme), { name: "api-doomed", expiresInDays: 7 });
      await revokeOwnToken(contextFor(ada, acme), doomed.record.id);
      const response = await call(listRoute, "GET", "/api/v1/tokens", { token: doomed.token });
      expect(response.status).toBe(401);
    });
  });
});
