import type { AuditAction } from "@/lib/audit-actions";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { OrgContext } from "@/lib/server/auth/actor";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { audited, recordDenied, type AuditScope } from "@/lib/server/audit/record";
import { filtersToSearchParams, parseAuditFilters, queryAuditEvents } from "@/lib/server/audit/query";
import { createOwnToken } from "@/lib/server/tokens/api-tokens";
import { GET as auditRoute } from "@/app/api/v1/audit/route";
import { useFreshDatabase } from "../support/database";

/** The audit writer stores any name; these tests use made-up ones to find their own rows. */
const anyAction = (name: string) => name as AuditAction;

// The route is called with bearer tokens; next-auth (the cookie path) needs Next's runtime.
vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

describe("the audit log", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let acme: string;
  let globex: string;
  let owner: { id: string; email: string };

  function scopeFor(orgId: string, user = owner, overrides: Partial<AuditScope> = {}): OrgContext {
    return {
      actor: { type: "session", userId: user.id, email: user.email },
      orgId,
      role: "owner",
      requestId: randomUUID(),
      ip: "192.0.2.7",
      ...overrides,
    } as OrgContext;
  }

  async function outcomeOf(requestId: string) {
    return fresh.db.auditEvent.findFirstOrThrow({ where: { requestId }, include: { outcome: true } });
  }

  beforeAll(async () => {
    fresh = await useFreshDatabase();
    acme = (await fresh.db.organization.create({ data: { name: "Acme" } })).id;
    globex = (await fresh.db.organization.create({ data: { name: "Globex" } })).id;
    const user = await fresh.db.user.create({ data: { email: "owner@example.test" } });
    await fresh.db.membership.create({ data: { orgId: acme, userId: user.id, role: "owner" } });
    owner = { id: user.id, email: user.email };
  });
  afterAll(async () => fresh.drop());

  describe("audited()", () => {
    it("writes the attempt before the mutation runs, then the success outcome", async () => {
      const scope = scopeFor(acme);
      const entry = {
        action: anyAction("test.run"),
        kind: "Deployment",
        namespace: "prod",
        name: "web",
        summary: "replicas 3→5",
      };
      const result = await audited(scope, entry, async () => {
        const during = await outcomeOf(scope.requestId);
        expect(during.outcome).toBeNull();
        expect(during).toMatchObject({
          ...entry,
          orgId: acme,
          actorUserId: owner.id,
          actorType: "session",
          ip: "192.0.2.7",
        });
        return "done";
      });
      expect(result).toBe("done");
      const after = await outcomeOf(scope.requestId);
      expect(after.outcome?.outcome).toBe("success");
      expect(after.outcome?.detail).toBeNull();
    });

    it("records a failure with the error code and message, and rethrows", async () => {
      const scope = scopeFor(acme);
      const attempt = audited(scope, { action: anyAction("test.fail") }, async () => {
        throw new AppError("CONFLICT", "The object changed since you loaded it.");
      });
      await expect(attempt).rejects.toMatchObject({ code: "CONFLICT" });
      const event = await outcomeOf(scope.requestId);
      expect(event.outcome).toMatchObject({
        outcome: "failure",
        detail: "CONFLICT: The object changed since you loaded it.",
      });
    });

    it("never copies a raw exception into the log", async () => {
      const scope = scopeFor(acme);
      await expect(
        audited(scope, { action: anyAction("test.crash") }, async () => {
          throw new Error("connect ECONNREFUSED Authorization: Bearer secret-value");
        }),
      ).rejects.toThrow("ECONNREFUSED");
      expect((await outcomeOf(scope.requestId)).outcome).toMatchObject({
        outcome: "failure",
        detail: "INTERNAL: unexpected error",
      });
    });

    it("records FORBIDDEN as denied, and recordDenied writes a denied attempt with its reason", async () => {
      const scope = scopeFor(acme);
      await expect(
        audited(scope, { action: anyAction("test.forbidden") }, async () => {
          throw new AppError("FORBIDDEN", "Not for you.");
        }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect((await outcomeOf(scope.requestId)).outcome?.outcome).toBe("denied");

      const refused = scopeFor(acme);
      await recordDenied(refused, { action: "member.remove" }, "role viewer lacks members.remove");
      expect((await outcomeOf(refused.requestId)).outcome).toMatchObject({
        outcome: "denied",
        detail: "role viewer lacks members.remove",
      });
    });

    it("fails closed: when the attempt cannot be written, the mutation never runs", async () => {
      const mutate = vi.fn(async () => "changed");
      const broken = scopeFor(acme, owner, { requestId: null as unknown as string }); // violates NOT NULL
      const attempt = audited(broken, { action: anyAction("test.fail_closed") }, mutate);
      await expect(attempt).rejects.toMatchObject({ code: "UNAVAILABLE" });
      expect(mutate).not.toHaveBeenCalled();
    });

    it("fails closed for a real mutation when the audit table refuses inserts", async () => {
      // Stand-in for a full disk or a revoked grant (the test connects as a superuser, so REVOKE
      // would not bite): a trigger that refuses every insert into audit_events.
      await fresh.db.$executeRawUnsafe(`
        CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit storage unavailable'; END; $$`);
      await fresh.db.$executeRawUnsafe(
        `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`,
      );
      try {
        const before = await fresh.db.apiToken.count();
        await expect(createOwnToken(scopeFor(acme), { name: "unaudited", expiresInDays: 7 })).rejects.toMatchObject({
          code: "UNAVAILABLE",
        });
        expect(await fresh.db.apiToken.count()).toBe(before);
      } finally {
        await fresh.db.$executeRawUnsafe(`DROP TRIGGER test_refuse_audit ON audit_events`);
        await fresh.db.$executeRawUnsafe(`DROP FUNCTION test_refuse_audit()`);
      }
      // And once the log is back, the same action goes through.
      await expect(createOwnToken(scopeFor(acme), { name: "audited-again", expiresInDays: 7 })).resolves.toBeDefined();
    });
  });

  describe("append-only storage", () => {
    let eventId: bigint;

    beforeAll(async () => {
      const scope = scopeFor(acme);
      await audited(scope, { action: anyAction("test.immutable") }, async () => undefined);
      eventId = (await outcomeOf(scope.requestId)).id;
    });

    it.each([
      ["UPDATE audit_events", `UPDATE audit_events SET action = 'tampered' WHERE id = $ID`],
      ["DELETE FROM audit_events", `DELETE FROM audit_events WHERE id = $ID`],
      ["TRUNCATE audit_events", `TRUNCATE audit_events CASCADE`],
      ["UPDATE audit_event_outcomes", `UPDATE audit_event_outcomes SET outcome = 'failure' WHERE event_id = $ID`],
      ["DELETE FROM audit_event_outcomes", `DELETE FROM audit_event_outcomes WHERE event_id = $ID`],
      ["TRUNCATE audit_event_outcomes", `TRUNCATE audit_event_outcomes`],
    ])("refuses %s", async (_label, sql) => {
      await expect(fresh.db.$executeRawUnsafe(sql.replaceAll("$ID", String(eventId)))).rejects.toThrow(/append-only/);
      const event = await fresh.db.auditEvent.findUniqueOrThrow({ where: { id: eventId }, include: { outcome: true } });
      expect(event.action).toBe("test.immutable");
      expect(event.outcome?.outcome).toBe("success");
    });

    it("refuses changes through the ORM too", async () => {
      await expect(fresh.db.auditEvent.update({ where: { id: eventId }, data: { summary: "x" } })).rejects.toThrow();
      await expect(fresh.db.auditEvent.deleteMany({})).rejects.toThrow();
      await expect(fresh.db.auditEventOutcome.deleteMany({})).rejects.toThrow();
      expect(await fresh.db.auditEvent.count({ where: { id: eventId } })).toBe(1);
    });
  });

  describe("querying", () => {
    let org: string;
    let cluster: string;
    const alice = { id: randomUUID(), email: "alice@example.test" };
    const bob = { id: randomUUID(), email: "bob@corp.example" };

    beforeAll(async () => {
      org = (await fresh.db.organization.create({ data: { name: "Query" } })).id;
      cluster = randomUUID();
      const run = (user: typeof alice, action: string, extra: object = {}) =>
        audited(
          { ...scopeFor(org, user), ...extra } as AuditScope,
          { action: anyAction(action), ...extra },
          async () => undefined,
        );
      await run(alice, "member.role_change");
      await run(bob, "member.remove");
      await run(alice, "token.create");
      await run(bob, "deployment.scale", { clusterId: cluster });
      await recordDenied(scopeFor(org, bob), { action: anyAction("member.invite_x") }, "nope");
      // Another org's events never show up here.
      await audited(scopeFor(globex, alice), { action: "member.remove" }, async () => undefined);
    });

    const query = (params: Record<string, string>) =>
      queryAuditEvents(org, parseAuditFilters(new URLSearchParams(params)));

    it("returns the org's events newest first with their outcomes", async () => {
      const { events, nextCursor } = await query({});
      expect(events.map((event) => event.action)).toEqual([
        "member.invite_x",
        "deployment.scale",
        "token.create",
        "member.remove",
        "member.role_change",
      ]);
      expect(events.map((event) => event.outcome)).toEqual(["denied", "success", "success", "success", "success"]);
      expect(nextCursor).toBeNull();
    });

    it("shows an attempt without an outcome as pending", async () => {
      const pendingOrg = (await fresh.db.organization.create({ data: { name: "Pending" } })).id;
      await fresh.db.auditEvent.create({
        data: { orgId: pendingOrg, action: "deployment.rollback", actorType: "session", requestId: "r" },
      });
      const { events } = await queryAuditEvents(pendingOrg, parseAuditFilters(new URLSearchParams()));
      expect(events[0]?.outcome).toBe("pending");
    });

    it("filters by actor email substring or user id, action exact or prefix, cluster and time", async () => {
      const actions = async (params: Record<string, string>) =>
        (await query(params)).events.map((event) => event.action);
      expect(await actions({ actor: "CORP.example" })).toEqual([
        "member.invite_x",
        "deployment.scale",
        "member.remove",
      ]);
      expect(await actions({ actor: alice.id })).toEqual(["token.create", "member.role_change"]);
      expect(await actions({ action: "member.remove" })).toEqual(["member.remove"]);
      expect(await actions({ action: "member." })).toEqual(["member.invite_x", "member.remove", "member.role_change"]);
      expect(await actions({ action: "member.*" })).toEqual(["member.invite_x", "member.remove", "member.role_change"]);
      expect(await actions({ action: "member" })).toEqual([]);
      expect(await actions({ cluster })).toEqual(["deployment.scale"]);
      expect(await actions({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
      expect(await actions({ to: new Date(Date.now() - 3600_000).toISOString() })).toEqual([]);
      expect(await actions({ from: new Date(Date.now() - 3600_000).toISOString(), action: "token." })).toEqual([
        "token.create",
      ]);
    });

    it("pages with an id cursor", async () => {
      const first = await query({ limit: "2" });
      expect(first.events).toHaveLength(2);
      const second = await query({ limit: "2", cursor: first.nextCursor! });
      const third = await query({ limit: "2", cursor: second.nextCursor! });
      expect(third.nextCursor).toBeNull();
      const all = [...first.events, ...second.events, ...third.events].map((event) => event.action);
      expect(all).toEqual((await query({})).events.map((event) => event.action));
    });

    it.each([
      [{ limit: "0" }, "limit"],
      [{ limit: "1001" }, "limit"],
      [{ limit: "ten" }, "limit"],
      [{ cluster: "prod" }, "cluster"],
      [{ from: "yesterday" }, "from"],
      [{ to: "2026-13-45T99:99" }, "to"],
      [{ cursor: "abc" }, "cursor"],
      [{ since: "toString" }, "since"],
      [{ since: "2d" }, "since"],
      [{ from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "from"],
    ])("rejects %o naming %s", (params, path) => {
      expect(() => parseAuditFilters(new URLSearchParams(params))).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT", path }),
      );
    });

    it("turns a time preset into a window ending now, and keeps it relative in links", () => {
      const before = Date.now();
      const filters = parseAuditFilters(new URLSearchParams({ since: "24h" }));
      expect(filters.since).toBe("24h");
      expect(filters.from!.getTime()).toBeGreaterThanOrEqual(before - 86_400_000);
      expect(filters.from!.getTime()).toBeLessThanOrEqual(Date.now() - 86_400_000);
      expect(filtersToSearchParams(filters).toString()).toBe("since=24h");
      // An explicit from wins over a preset.
      const explicit = parseAuditFilters(new URLSearchParams({ since: "1h", from: "2026-01-31T12:00Z" }));
      expect(explicit).toMatchObject({ from: new Date("2026-01-31T12:00:00Z") });
      expect(explicit.since).toBeUndefined();
    });

    it("reads a zone-less time (a datetime-local field) as UTC", () => {
      expect(parseAuditFilters(new URLSearchParams({ from: "2026-01-31T12:00" })).from?.toISOString()).toBe(
        "2026-01-31T12:00:00.000Z",
      );
    });
  });

  describe("GET /api/v1/audit", () => {
    async function tokenFor(role: Role) {
      const user = await fresh.db.user.create({ data: { email: `${role}-${randomUUID()}@example.test` } });
      await fresh.db.membership.create({ data: { orgId: acme, userId: user.id, role } });
      return (await issueApiToken({ userId: user.id, orgId: acme, name: role, expiresAt: null })).token;
    }

    function get(query: string, token: string) {
      const request = new Request(`http://localhost:3000/api/v1/audit${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      return auditRoute(request, { params: Promise.resolve({}) } as never);
    }

    it("lets admins read the org's log and refuses viewers and editors", async () => {
      const ok = await get("?action=test.", await tokenFor("admin"));
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { events: { action: string; orgId?: string }[]; nextCursor: string | null };
      expect(body.events.length).toBeGreaterThan(0);
      expect(body.events.every((event) => event.action.startsWith("test."))).toBe(true);
      for (const role of ["viewer", "editor"] as const) expect((await get("", await tokenFor(role))).status).toBe(403);
    });

    it("never returns another org's events", async () => {
      const marker = `globex.only_${randomUUID().slice(0, 8)}`;
      await audited(scopeFor(globex), { action: anyAction(marker) }, async () => undefined);
      const response = await get(`?action=${marker}`, await tokenFor("owner"));
      expect(((await response.json()) as { events: unknown[] }).events).toEqual([]);
    });

    it("exports CSV and JSON as dated attachments", async () => {
      const token = await tokenFor("owner");
      const csv = await get("?format=csv&action=test.run", token);
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(csv.headers.get("content-disposition")).toMatch(
        /^attachment; filename="pilothouse-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const text = await csv.text();
      expect(text.split("\r\n")[0]).toContain("action");
      expect(text).toContain("test.run");
      expect(text).toContain("replicas 3→5");

      const json = await get("?format=json&action=test.run", token);
      expect(json.headers.get("content-disposition")).toMatch(/filename="pilothouse-audit-.*\.json"/);
      const body = (await json.json()) as {
        orgId: string;
        filters: Record<string, string>;
        events: { action: string }[];
      };
      expect(body.orgId).toBe(acme);
      expect(body.filters).toEqual({ action: "test.run" });
      expect(body.events.map((event) => event.action)).toEqual(["test.run"]);
    });

    it("answers bad filters with 422 naming the parameter", async () => {
      const response = await get("?limit=5000", await tokenFor("admin"));
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { path: string } }).error.path).toBe("limit");
      const format = await get("?format=xml", await tokenFor("admin"));
      expect(((await format.json()) as { error: { path: string } }).error.path).toBe("format");
    });
  });
});
