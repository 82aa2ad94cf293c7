import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { OrgContext } from "@/lib/server/auth/actor";
import { authenticateApiToken, issueApiToken } from "@/lib/server/auth/api-tokens";
import { createSession, findSession } from "@/lib/server/auth/sessions";
import { createInvitation } from "@/lib/server/orgs/invitations";
import { changeMemberRole, listMembers, removeMember } from "@/lib/server/orgs/members";
import { switchOrg } from "@/lib/server/orgs/switch-org";
import { attachRealtime } from "@/lib/server/realtime/server";
import { useFreshDatabase } from "../support/database";

const APP_URL = "http://localhost:3000";

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;

beforeAll(async () => {
  fresh = await useFreshDatabase();
});
afterAll(async () => {
  await fresh.drop();
});

type Person = { userId: string; email: string; membershipId: string; role: Role };

/** An org with one member per role given, e.g. team("owner", "admin", "viewer"). */
async function team(...roles: Role[]) {
  const org = await fresh.db.organization.create({ data: { name: `Org ${randomUUID().slice(0, 8)}` } });
  const people: Person[] = [];
  for (const role of roles) people.push(await join(org.id, role));
  return { orgId: org.id, people };
}

async function join(
  orgId: string,
  role: Role,
  email = `${role}-${randomUUID().slice(0, 8)}@example.test`,
): Promise<Person> {
  const user =
    (await fresh.db.user.findUnique({ where: { email } })) ??
    (await fresh.db.user.create({ data: { email, name: `Name ${email.split("@")[0]}` } }));
  const membership = await fresh.db.membership.create({ data: { orgId, userId: user.id, role } });
  return { userId: user.id, email, membershipId: membership.id, role };
}

function contextOf(person: Person, orgId: string): OrgContext {
  return {
    actor: { type: "session", userId: person.userId, email: person.email },
    orgId,
    role: person.role,
    requestId: randomUUID(),
    ip: "203.0.113.7",
  };
}

async function roleOf(membershipId: string) {
  return (await fresh.db.membership.findUnique({ where: { id: membershipId } }))?.role ?? null;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** The audit trail for one request: the attempt row and its outcome. */
async function auditOf(context: OrgContext) {
  const rows = await fresh.db.auditEvent.findMany({
    where: { requestId: context.requestId },
    include: { outcome: true },
  });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe("changing a member's role", () => {
  it("lets an admin promote a viewer, and audits the before and after", async () => {
    const { orgId, people } = await team("owner", "admin", "viewer");
    const [, admin, viewer] = people as [Person, Person, Person];
    const context = contextOf(admin, orgId);
    const member = await changeMemberRole(context, viewer.membershipId, "editor");
    expect(member).toMatchObject({ id: viewer.membershipId, role: "editor", user: { email: viewer.email } });
    expect(await roleOf(viewer.membershipId)).toBe("editor");
    const audit = await auditOf(context);
    expect(audit).toMatchObject({
      orgId,
      action: "member.role_change",
      actorUserId: admin.userId,
      actorEmail: admin.email,
      name: viewer.email,
      summary: "role viewer→editor",
      outcome: { outcome: "success" },
    });
  });

  it("refuses to grant a role above the actor's own, and records the denial", async () => {
    const { orgId, people } = await team("owner", "admin", "viewer");
    const [, admin, viewer] = people as [Person, Person, Person];
    const context = contextOf(admin, orgId);
    const error = await rejection(changeMemberRole(context, viewer.membershipId, "owner"));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("cannot grant the owner role");
    expect(await roleOf(viewer.membershipId)).toBe("viewer");
    expect(await auditOf(context)).toMatchObject({ action: "member.role_change", outcome: { outcome: "denied" } });
  });

  it("only lets owners change an owner's role", async () => {
    const { orgId, people } = await team("owner", "owner", "admin");
    const [, secondOwner, admin] = people as [Person, Person, Person];
    const context = contextOf(admin, orgId);
    const error = await rejection(changeMemberRole(context, secondOwner.membershipId, "viewer"));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("Only owners can change an owner's role.");
    expect(await roleOf(secondOwner.membershipId)).toBe("owner");
    expect(await auditOf(context)).toMatchObject({ outcome: { outcome: "denied" } });
  });

  it("lets an owner demote another owner while one owner remains", async () => {
    const { orgId, people } = await team("owner", "owner");
    const [first, second] = people as [Person, Person];
    await changeMemberRole(contextOf(first, orgId), second.membershipId, "admin");
    expect(await roleOf(second.membershipId)).toBe("admin");
  });

  it("never lets anyone change their own role", async () => {
    const { orgId, people } = await team("owner", "admin");
    const [, admin] = people as [Person, Person];
    const context = contextOf(admin, orgId);
    const error = await rejection(changeMemberRole(context, admin.membershipId, "viewer"));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("cannot change your own role");
    expect(await roleOf(admin.membershipId)).toBe("admin");
    expect(await auditOf(context)).toMatchObject({ outcome: { outcome: "denied" } });
  });

  it("never demotes the last owner (CONFLICT), and audits the failure", async () => {
    const { orgId, people } = await team("owner", "admin");
    const [owner] = people as [Person];
    const context = contextOf(owner, orgId);
    const error = await rejection(changeMemberRole(context, owner.membershipId, "admin"));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("last owner");
    expect(await roleOf(owner.membershipId)).toBe("owner");
    expect(await auditOf(context)).toMatchObject({ outcome: { outcome: "failure" } });
  });

  it("keeps an owner when two owners demote each other at the same moment", async () => {
    const { orgId, people } = await team("owner", "owner");
    const [first, second] = people as [Person, Person];
    const results = await Promise.allSettled([
      changeMemberRole(contextOf(first, orgId), second.membershipId, "admin"),
      changeMemberRole(contextOf(second, orgId), first.membershipId, "admin"),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as AppError).code).toBe("CONFLICT");
    expect(await fresh.db.membership.count({ where: { orgId, role: "owner" } })).toBe(1);
  });

  it("revokes a demoted member's API tokens in this org, and the invitations they could no longer send", async () => {
    const { orgId, people } = await team("owner", "owner");
    const [owner, other] = people as [Person, Person];
    const ownersInvite = await createInvitation(contextOf(other, orgId), { email: "boss@example.test", role: "owner" });
    const viewersInvite = await createInvitation(contextOf(other, orgId), {
      email: "fan@example.test",
      role: "viewer",
    });
    const token = await issueApiToken({ userId: other.userId, orgId, name: "ci", expiresAt: null });
    const context = contextOf(owner, orgId);
    await changeMemberRole(context, other.membershipId, "admin");
    expect(await authenticateApiToken(token.token)).toBeNull();
    const revokedAt = async (id: string) => (await fresh.db.invitation.findUniqueOrThrow({ where: { id } })).revokedAt;
    expect(await revokedAt(ownersInvite.invitation.id)).not.toBeNull(); // admins cannot make owners
    expect(await revokedAt(viewersInvite.invitation.id)).toBeNull(); // admins can still invite viewers
    expect(await auditOf(context)).toMatchObject({
      summary: "role owner→admin; their API tokens and invitations above the new role revoked",
      outcome: { outcome: "success" },
    });
  });

  it("leaves a promoted member's tokens working", async () => {
    const { orgId, people } = await team("owner", "viewer");
    const [owner, viewer] = people as [Person, Person];
    const token = await issueApiToken({ userId: viewer.userId, orgId, name: "ci", expiresAt: null });
    await changeMemberRole(contextOf(owner, orgId), viewer.membershipId, "editor");
    expect(await authenticateApiToken(token.token)).toMatchObject({ role: "editor" });
  });

  it("answers the same 404 for another org's member, an unknown id and a malformed id", async () => {
    const { orgId, people } = await team("owner", "admin");
    const other = await team("owner", "viewer");
    const [, admin] = people as [Person, Person];
    const outsider = other.people[1]!;
    const errors = await Promise.all(
      [outsider.membershipId, randomUUID(), "not-a-uuid"].map((id) =>
        rejection(changeMemberRole(contextOf(admin, orgId), id, "editor")),
      ),
    );
    for (const error of errors) {
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe("Member not found.");
    }
    expect(await roleOf(outsider.membershipId)).toBe("viewer");
    const removeErrors = await Promise.all(
      [outsider.membershipId, randomUUID()].map((id) => rejection(removeMember(contextOf(admin, orgId), id))),
    );
    expect(removeErrors.map((error) => [error.code, error.message])).toEqual([
      ["NOT_FOUND", "Member not found."],
      ["NOT_FOUND", "Member not found."],
    ]);
    expect(await fresh.db.membership.count({ where: { id: outsider.membershipId } })).toBe(1);
  });
});

describe("removing a member", () => {
  it("revokes their access to this org only: sessions, API tokens; nothing is deleted but the membership", async () => {
    const { orgId, people } = await team("owner", "editor");
    const [owner, editor] = people as [Person, Person];
    const elsewhere = await team("owner");
    await join(elsewhere.orgId, "viewer", editor.email);
    const sessionHere = await createSession(editor.userId, orgId);
    const sessionElsewhere = await createSession(editor.userId, elsewhere.orgId);
    const tokenHere = await issueApiToken({ userId: editor.userId, orgId, name: "ci", expiresAt: null });
    const tokenElsewhere = await issueApiToken({
      userId: editor.userId,
      orgId: elsewhere.orgId,
      name: "ci",
      expiresAt: null,
    });
    expect(await authenticateApiToken(tokenHere.token)).not.toBeNull();

    const context = contextOf(owner, orgId);
    const removed = await removeMember(context, editor.membershipId);
    expect(removed.user.email).toBe(editor.email);

    expect(await fresh.db.membership.count({ where: { id: editor.membershipId } })).toBe(0);
    expect((await findSession(sessionHere))?.activeOrgId).toBeNull();
    expect((await findSession(sessionElsewhere))?.activeOrgId).toBe(elsewhere.orgId);
    expect(await authenticateApiToken(tokenHere.token)).toBeNull();
    expect(await authenticateApiToken(tokenElsewhere.token)).not.toBeNull();
    // The token row stays (auditable), revoked: re-adding the member does not bring it back.
    const revoked = await fresh.db.apiToken.findUniqueOrThrow({ where: { id: tokenHere.record.id } });
    expect(revoked.revokedAt).not.toBeNull();
    await join(orgId, "editor", editor.email);
    expect(await authenticateApiToken(tokenHere.token)).toBeNull();
    expect(await fresh.db.user.count({ where: { id: editor.userId } })).toBe(1);
    expect(await auditOf(context)).toMatchObject({
      action: "member.remove",
      name: editor.email,
      summary: "removed (was editor); their API tokens and pending invitations revoked",
      outcome: { outcome: "success" },
    });
  });

  it("withdraws the invitations a removed admin sent", async () => {
    const { orgId, people } = await team("owner", "admin");
    const [owner, admin] = people as [Person, Person];
    const sent = await createInvitation(contextOf(admin, orgId), { email: "guest@example.test", role: "viewer" });
    await removeMember(contextOf(owner, orgId), admin.membershipId);
    const invitation = await fresh.db.invitation.findUniqueOrThrow({ where: { id: sent.invitation.id } });
    expect(invitation.revokedAt).not.toBeNull();
  });

  it("never removes the last owner, and only owners remove owners", async () => {
    const { orgId, people } = await team("owner", "admin");
    const [owner, admin] = people as [Person, Person];
    const selfRemoval = contextOf(owner, orgId);
    expect((await rejection(removeMember(selfRemoval, owner.membershipId))).code).toBe("CONFLICT");
    expect(await auditOf(selfRemoval)).toMatchObject({ action: "member.remove", outcome: { outcome: "failure" } });
    const byAdmin = contextOf(admin, orgId);
    const error = await rejection(removeMember(byAdmin, owner.membershipId));
    expect(error.code).toBe("FORBIDDEN");
    expect(await auditOf(byAdmin)).toMatchObject({ outcome: { outcome: "denied" } });
    expect(await roleOf(owner.membershipId)).toBe("owner");
  });

  it("lets an admin leave (remove themselves)", async () => {
    const { orgId, people } = await team("owner", "admin");
    const [, admin] = people as [Person, Person];
    await removeMember(contextOf(admin, orgId), admin.membershipId);
    expect(await roleOf(admin.membershipId)).toBeNull();
  });

  it("lists members oldest first with their user details", async () => {
    const { orgId, people } = await team("owner", "editor", "viewer");
    const members = await listMembers(orgId);
    expect(members.map((member) => member.user.email)).toEqual(people.map((person) => person.email));
    expect(members.map((member) => member.role)).toEqual(["owner", "editor", "viewer"]);
  });
});

describe("switching orgs", () => {
  it("switches a session to another org of theirs, and 404s for an org they are not in", async () => {
    const home = await team("owner");
    const other = await team("owner");
    const person = home.people[0]!;
    await join(other.orgId, "viewer", person.email);
    const token = await createSession(person.userId, home.orgId);
    const session = (await findSession(token))!;
    const scope = {
      actor: { type: "session" as const, userId: person.userId, email: person.email, sessionId: session.id },
      requestId: randomUUID(),
      ip: null,
    };
    expect(await switchOrg(scope, other.orgId)).toMatchObject({ org: { id: other.orgId }, role: "viewer" });
    expect((await findSession(token))?.activeOrgId).toBe(other.orgId);
    const stranger = await team("owner");
    for (const orgId of [stranger.orgId, randomUUID(), "nope"]) {
      const error = await rejection(switchOrg({ ...scope, requestId: randomUUID() }, orgId));
      expect([error.code, error.message]).toEqual(["NOT_FOUND", "Organization not found."]);
    }
    expect((await findSession(token))?.activeOrgId).toBe(other.orgId);
    // Nothing is written to the audit log of an org the person is not in.
    expect(await fresh.db.auditEvent.count({ where: { orgId: stranger.orgId } })).toBe(0);
  });
});

describe("live sockets", () => {
  let server: Server;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    attachRealtime(server, APP_URL);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function openSocket(sessionToken: string) {
    const socket = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { Origin: APP_URL, Cookie: `authjs.session-token=${sessionToken}` },
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.on("connect", resolve);
      socket.on("connect_error", reject);
    });
    return socket;
  }

  function within<T>(ms: number, promise: Promise<T>) {
    return Promise.race([
      promise,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)),
    ]);
  }

  it("tells the member's sockets about a role change and keeps them open", async () => {
    const { orgId, people } = await team("owner", "viewer");
    const [owner, viewer] = people as [Person, Person];
    const socket = await openSocket(await createSession(viewer.userId, orgId));
    const told = new Promise((resolve) => socket.once("access:changed", resolve));
    await changeMemberRole(contextOf(owner, orgId), viewer.membershipId, "editor");
    expect(await within(5000, told)).toEqual({ orgId, reason: "role_changed" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket.connected).toBe(true);
  });

  it("closes a removed member's sockets within 5 seconds", async () => {
    const { orgId, people } = await team("owner", "viewer");
    const [owner, viewer] = people as [Person, Person];
    const socket = await openSocket(await createSession(viewer.userId, orgId));
    const told = new Promise((resolve) => socket.once("access:changed", resolve));
    const dropped = new Promise((resolve) => socket.once("disconnect", resolve));
    await removeMember(contextOf(owner, orgId), viewer.membershipId);
    expect(await within(5000, told)).toEqual({ orgId, reason: "removed" });
    expect(await within(5000, dropped)).toBe("io server disconnect");
  });
});
