import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { OrgContext } from "@/lib/server/auth/actor";
import { RATE_LIMITS } from "@/lib/server/auth/rate-limit";
import { hashSecret } from "@/lib/server/auth/secret-tokens";
import { createSession, findSession } from "@/lib/server/auth/sessions";
import { resetConfigForTests } from "@/lib/server/config/env";
import {
  acceptInvitation,
  createInvitation,
  INVITATION_TTL_MS,
  listPendingInvitations,
  previewInvitation,
  revokeInvitation,
} from "@/lib/server/orgs/invitations";
import { useFreshDatabase } from "../support/database";

const APP_URL = "https://pilothouse.example.test";

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let previousUrl: string | undefined;

beforeAll(async () => {
  fresh = await useFreshDatabase();
  previousUrl = process.env.PILOTHOUSE_URL;
  process.env.PILOTHOUSE_URL = APP_URL;
  resetConfigForTests();
});
afterAll(async () => {
  if (previousUrl === undefined) delete process.env.PILOTHOUSE_URL;
  else process.env.PILOTHOUSE_URL = previousUrl;
  resetConfigForTests();
  await fresh.drop();
});

type Person = { userId: string; email: string };

async function person(email = `p-${randomUUID().slice(0, 8)}@example.test`): Promise<Person> {
  const user = await fresh.db.user.create({ data: { email, name: `Name ${email.split("@")[0]}` } });
  return { userId: user.id, email };
}

/** An org whose admin (or other role) will send invitations. */
async function orgWith(role: Role = "admin") {
  const org = await fresh.db.organization.create({ data: { name: `Org ${randomUUID().slice(0, 8)}` } });
  const owner = await person();
  await fresh.db.membership.create({ data: { orgId: org.id, userId: owner.userId, role: "owner" } });
  const inviter = role === "owner" ? owner : await person();
  if (role !== "owner") await fresh.db.membership.create({ data: { orgId: org.id, userId: inviter.userId, role } });
  const context = (): OrgContext => ({
    actor: { type: "session", userId: inviter.userId, email: inviter.email },
    orgId: org.id,
    role,
    requestId: randomUUID(),
    ip: "198.51.100.4",
  });
  return { orgId: org.id, orgName: org.name, inviter, context };
}

let addressCounter = 0;
/** A fresh client address per attempt, so only the tests about rate limits run into them. */
const nextAddress = () => `192.0.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

function acceptAs(user: Person, token: string, extra: { sessionId?: string; ip?: string; requestId?: string } = {}) {
  return acceptInvitation({
    token,
    user: { id: user.userId, email: user.email },
    sessionId: extra.sessionId,
    requestId: extra.requestId ?? randomUUID(),
    ip: extra.ip ?? nextAddress(),
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function auditFor(requestId: string) {
  return fresh.db.auditEvent.findMany({ where: { requestId }, include: { outcome: true } });
}

describe("creating invitations", () => {
  it("returns a link once and stores only the token's hash, with a 7-day expiry", async () => {
    const { context, orgId } = await orgWith("admin");
    const scope = context();
    const before = Date.now();
    const { invitation, token, url } = await createInvitation(scope, {
      email: "New.Person@Example.test",
      role: "editor",
    });
    expect(url).toBe(`${APP_URL}/invite/${token}`);
    expect(invitation.email).toBe("new.person@example.test");
    const row = await fresh.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + INVITATION_TTL_MS - 1000);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + INVITATION_TTL_MS);
    const [audit] = await auditFor(scope.requestId);
    expect(audit).toMatchObject({
      orgId,
      action: "invitation.create",
      name: "new.person@example.test",
      summary: "invited as editor",
      outcome: { outcome: "success" },
    });
    expect(audit?.summary).not.toContain(token);
  });

  it("refuses to invite above the inviter's own role, and records the denial", async () => {
    const { context } = await orgWith("admin");
    const scope = context();
    const error = await rejection(createInvitation(scope, { email: "boss@example.test", role: "owner" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.path).toBe("role");
    expect(await fresh.db.invitation.count({ where: { email: "boss@example.test" } })).toBe(0);
    expect(await auditFor(scope.requestId)).toMatchObject([
      { action: "invitation.create", outcome: { outcome: "denied" } },
    ]);
  });

  it("refuses to invite someone who is already a member", async () => {
    const { context, inviter } = await orgWith("admin");
    const error = await rejection(createInvitation(context(), { email: inviter.email, role: "viewer" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.path).toBe("email");
  });

  it("asks before replacing a pending invitation, and keeps the sent link working until told to", async () => {
    const { context } = await orgWith("owner");
    const first = await createInvitation(context(), { email: "twice@example.test", role: "viewer" });
    const asked = await rejection(createInvitation(context(), { email: "twice@example.test", role: "editor" }));
    expect(asked).toMatchObject({ code: "CONFLICT", path: "replace" });
    expect(asked.message).toMatch(
      /^twice@example\.test already has a pending invitation \(as viewer, sent \d{4}-\d{2}-\d{2}\)/,
    );
    expect((await previewInvitation(first.token))?.status).toBe("pending");
  });

  it("replaces a pending invitation when asked to, so only the newest link works", async () => {
    const { context, orgId } = await orgWith("owner");
    const first = await createInvitation(context(), { email: "twice@example.test", role: "viewer" });
    const second = await createInvitation(context(), { email: "twice@example.test", role: "editor", replace: true });
    const pending = await listPendingInvitations(orgId);
    expect(pending.map((invitation) => invitation.id)).toEqual([second.invitation.id]);
    expect(pending[0]).toMatchObject({ role: "editor", invitedBy: { email: expect.any(String) } });
    expect((await previewInvitation(first.token))?.status).toBe("revoked");
    const invitee = await person("twice@example.test");
    expect((await rejection(acceptAs(invitee, first.token))).code).toBe("CONFLICT");
    expect(await acceptAs(invitee, second.token)).toMatchObject({ org: { id: orgId }, role: "editor" });
  });
});

describe("accepting invitations", () => {
  it("adds the membership at the invited role, marks the link used and switches the session", async () => {
    const { context, orgId, orgName } = await orgWith("admin");
    const { token, invitation } = await createInvitation(context(), { email: "joiner@example.test", role: "viewer" });
    const joiner = await person("joiner@example.test");
    const sessionToken = await createSession(joiner.userId, null);
    const session = (await findSession(sessionToken))!;
    const requestId = randomUUID();
    const result = await acceptAs(joiner, token, { sessionId: session.id, requestId });
    expect(result).toMatchObject({ org: { id: orgId, name: orgName }, role: "viewer" });
    expect(
      await fresh.db.membership.findUnique({ where: { orgId_userId: { orgId, userId: joiner.userId } } }),
    ).toMatchObject({ role: "viewer" });
    const row = await fresh.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.acceptedAt).not.toBeNull();
    expect(row.acceptedById).toBe(joiner.userId);
    expect((await findSession(sessionToken))?.activeOrgId).toBe(orgId);
    expect(await auditFor(requestId)).toMatchObject([
      {
        orgId,
        action: "invitation.accept",
        actorUserId: joiner.userId,
        summary: "joined as viewer",
        outcome: { outcome: "success" },
      },
    ]);
    expect(await listPendingInvitations(orgId)).toEqual([]);
  });

  it("works only once, even for two accepts at the same moment", async () => {
    const { context, orgId } = await orgWith("admin");
    const { token } = await createInvitation(context(), { email: "once@example.test", role: "editor" });
    const invitee = await person("once@example.test");
    const results = await Promise.allSettled([acceptAs(invitee, token), acceptAs(invitee, token)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as AppError).code).toBe("CONFLICT");
    expect(await fresh.db.membership.count({ where: { orgId, userId: invitee.userId } })).toBe(1);
    const again = await rejection(acceptAs(invitee, token));
    expect([again.code, again.message]).toEqual([
      "CONFLICT",
      "This invitation has already been used. Ask for a new one.",
    ]);
    expect((await previewInvitation(token))?.status).toBe("accepted");
  });

  it("refuses an expired invitation", async () => {
    const { context } = await orgWith("admin");
    const { token, invitation } = await createInvitation(context(), { email: "late@example.test", role: "viewer" });
    await fresh.db.invitation.update({
      where: { id: invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const invitee = await person("late@example.test");
    const error = await rejection(acceptAs(invitee, token));
    expect([error.code, error.message]).toEqual(["CONFLICT", "This invitation has expired. Ask for a new one."]);
    expect((await previewInvitation(token))?.status).toBe("expired");
    expect(await fresh.db.membership.count({ where: { userId: invitee.userId } })).toBe(0);
  });

  it("refuses a revoked invitation; revoking is audited, repeatable, and scoped to the org", async () => {
    const { context, orgId } = await orgWith("admin");
    const { token, invitation } = await createInvitation(context(), { email: "revoked@example.test", role: "viewer" });
    const other = await orgWith("admin");
    for (const id of [invitation.id, randomUUID(), "junk"]) {
      const error = await rejection(revokeInvitation(other.context(), id));
      expect([error.code, error.message]).toEqual(["NOT_FOUND", "Invitation not found."]);
    }
    expect((await previewInvitation(token))?.status).toBe("pending");
    const scope = context();
    await revokeInvitation(scope, invitation.id);
    await revokeInvitation(context(), invitation.id);
    expect(await auditFor(scope.requestId)).toMatchObject([
      { orgId, action: "invitation.revoke", name: "revoked@example.test", outcome: { outcome: "success" } },
    ]);
    const invitee = await person("revoked@example.test");
    const error = await rejection(acceptAs(invitee, token));
    expect([error.code, error.message]).toEqual(["CONFLICT", "This invitation was revoked. Ask for a new one."]);
    expect(await listPendingInvitations(orgId)).toEqual([]);
  });

  it("is bound to the invited email: another account is refused with a clear message, and it is audited", async () => {
    const { context, orgId } = await orgWith("admin");
    const { token } = await createInvitation(context(), { email: "right@example.test", role: "viewer" });
    const wrong = await person("wrong@example.test");
    const requestId = randomUUID();
    const error = await rejection(acceptAs(wrong, token, { requestId }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("This invitation is for right@example.test");
    expect(error.message).toContain("signed in as wrong@example.test");
    expect(await auditFor(requestId)).toMatchObject([
      { orgId, action: "invitation.accept", actorUserId: wrong.userId, outcome: { outcome: "denied" } },
    ]);
    expect(await fresh.db.membership.count({ where: { orgId, userId: wrong.userId } })).toBe(0);
    // The rightful invitee can still use it.
    const right = await person("right@example.test");
    await acceptAs(right, token);
  });

  it("refuses someone who is already a member", async () => {
    const { context, orgId } = await orgWith("admin");
    const { token } = await createInvitation(context(), { email: "already@example.test", role: "viewer" });
    const invitee = await person("already@example.test");
    await fresh.db.membership.create({ data: { orgId, userId: invitee.userId, role: "editor" } });
    const error = await rejection(acceptAs(invitee, token));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("already a member");
  });

  it("refuses a link whose sender has since lost the right to send it, and audits the refusal as denied", async () => {
    const { context, orgId, inviter } = await orgWith("admin");
    const { token } = await createInvitation(context(), { email: "sent-before-demotion@example.test", role: "editor" });
    // Demoted behind the app's back (the app would also have withdrawn the link): acceptance re-checks.
    await fresh.db.membership.updateMany({ where: { orgId, userId: inviter.userId }, data: { role: "viewer" } });
    const invitee = await person("sent-before-demotion@example.test");
    const requestId = randomUUID();
    const error = await rejection(acceptAs(invitee, token, { requestId }));
    expect({ code: error.code, message: error.message }).toEqual({
      code: "CONFLICT",
      message:
        "This invitation is no longer valid: the person who sent it can no longer invite at this role. Ask an admin of the organization for a new one.",
    });
    expect(await fresh.db.membership.count({ where: { orgId, userId: invitee.userId } })).toBe(0);
    expect((await auditFor(requestId))[0]?.outcome?.outcome).toBe("denied");
    // A sender who left the org entirely is no better.
    await fresh.db.membership.deleteMany({ where: { orgId, userId: inviter.userId } });
    expect((await rejection(acceptAs(invitee, token))).code).toBe("CONFLICT");
  });

  it("answers an unknown link with NOT_FOUND", async () => {
    const invitee = await person();
    const error = await rejection(acceptAs(invitee, "x".repeat(43)));
    expect(error.code).toBe("NOT_FOUND");
    expect(await previewInvitation("x".repeat(43))).toBeNull();
  });
});

describe("invite-accept rate limits (in the database)", () => {
  it("limits attempts per client address", async () => {
    const invitee = await person();
    const ip = "203.0.113.99";
    for (let attempt = 0; attempt < RATE_LIMITS.inviteAccept.limit; attempt++) {
      expect((await rejection(acceptAs(invitee, `guess-${attempt}-${"g".repeat(30)}`, { ip }))).code).toBe("NOT_FOUND");
    }
    const limited = await rejection(acceptAs(invitee, `guess-last-${"g".repeat(30)}`, { ip }));
    expect(limited.code).toBe("RATE_LIMITED");
    const row = await fresh.db.rateLimit.findUnique({ where: { key: `invite-accept:ip:${ip}` } });
    expect(row?.count).toBe(RATE_LIMITS.inviteAccept.limit + 1);
    // Another address is unaffected.
    expect((await rejection(acceptAs(invitee, `guess-other-${"g".repeat(30)}`, { ip: "203.0.113.100" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("limits attempts per invitation link, whatever the address", async () => {
    const { context } = await orgWith("admin");
    const { token } = await createInvitation(context(), { email: "target@example.test", role: "viewer" });
    const attacker = await person();
    for (let attempt = 0; attempt < RATE_LIMITS.inviteAccept.limit; attempt++) {
      expect((await rejection(acceptAs(attacker, token, { ip: `10.9.${attempt}.1` }))).code).toBe("FORBIDDEN");
    }
    const invitee = await person("target@example.test");
    expect((await rejection(acceptAs(invitee, token, { ip: "10.10.10.10" }))).code).toBe("RATE_LIMITED");
  });
});

describe("previewing an invitation", () => {
  it("shows the org, role, inviter and email for a pending link", async () => {
    const { context, orgName, inviter } = await orgWith("admin");
    const { token } = await createInvitation(context(), { email: "peek@example.test", role: "editor" });
    expect(await previewInvitation(token)).toMatchObject({
      status: "pending",
      email: "peek@example.test",
      role: "editor",
      org: { name: orgName },
      inviter: { email: inviter.email },
    });
  });
});
