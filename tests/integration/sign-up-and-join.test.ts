/**
 * Who may create an account (PILOTHOUSE_SIGNUP) and joining an org from the list of one's pending
 * invitations, against a real PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrgContext } from "@/lib/server/auth/actor";
import { decideSignUp } from "@/lib/server/accounts/sign-up-policy";
import {
  acceptInvitation,
  acceptInvitationById,
  createInvitation,
  listInvitationsFor,
  mayJoinWithoutLink,
} from "@/lib/server/orgs/invitations";
import { useFreshDatabase } from "../support/database";

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeAll(async () => {
  fresh = await useFreshDatabase();
});
afterAll(async () => fresh?.drop());

const scope = () => ({ requestId: randomUUID(), ip: "198.51.100.7" });

async function person(email = `p-${randomUUID().slice(0, 8)}@example.test`) {
  return fresh.db.user.create({ data: { email } });
}

async function ownerContext(): Promise<OrgContext> {
  const org = await fresh.db.organization.create({ data: { name: `Org ${randomUUID().slice(0, 8)}` } });
  const owner = await person();
  await fresh.db.membership.create({ data: { orgId: org.id, userId: owner.id, role: "owner" } });
  return { actor: { type: "session", userId: owner.id, email: owner.email }, orgId: org.id, role: "owner", ...scope() };
}

describe("the sign-up policy", () => {
  it("always lets the first account of a fresh install in, whatever the policy", async () => {
    for (const policy of ["open", "invite-only", "closed"] as const) {
      expect(await decideSignUp({ email: "first@example.test" }, policy)).toEqual({
        allowed: true,
        firstAccount: true,
      });
    }
  });

  it("open lets anyone in; closed nobody; invite-only only the email its pending link is addressed to", async () => {
    const context = await ownerContext();
    const { token } = await createInvitation(context, { email: "invitee@example.test", role: "viewer" });
    expect(await decideSignUp({ email: "stranger@example.test" }, "open")).toEqual({
      allowed: true,
      firstAccount: false,
    });
    expect(await decideSignUp({ email: "invitee@example.test", invite: token }, "closed")).toMatchObject({
      allowed: false,
      policy: "closed",
    });
    const inviteOnly = (request: Parameters<typeof decideSignUp>[0]) => decideSignUp(request, "invite-only");
    expect(await inviteOnly({ email: "invitee@example.test", invite: token })).toMatchObject({ allowed: true });
    // The link is addressed to one email: lending it to someone else does not open the door.
    expect(await inviteOnly({ email: "stranger@example.test", invite: token })).toMatchObject({
      allowed: false,
      message: expect.stringContaining("by invitation"),
    });
    // Without the link, a pending invitation by email counts only when an identity provider vouches for the email.
    expect(await inviteOnly({ email: "invitee@example.test" })).toMatchObject({ allowed: false });
    expect(await inviteOnly({ email: "invitee@example.test", emailVerifiedByIdp: true })).toMatchObject({
      allowed: true,
    });
  });
});

describe("joining from one's pending invitations", () => {
  it("lists the pending invitations addressed to the email, in every org, with org and inviter", async () => {
    const [one, two] = [await ownerContext(), await ownerContext()];
    await createInvitation(one, { email: "many@example.test", role: "viewer" });
    await createInvitation(two, { email: "Many@Example.test", role: "editor" });
    const listed = await listInvitationsFor("many@example.test");
    expect(listed.map((invitation) => invitation.role).sort()).toEqual(["editor", "viewer"]);
    expect(listed[0]).toMatchObject({ org: { id: expect.any(String) }, inviter: { email: expect.any(String) } });
  });

  it("refuses a password account that never proved its email, and lets it in once it joined through a link", async () => {
    const user = await person("prove@example.test");
    const first = await ownerContext();
    const second = await ownerContext();
    const { token } = await createInvitation(first, { email: user.email, role: "viewer" });
    const { invitation } = await createInvitation(second, { email: user.email, role: "editor" });
    const join = () =>
      acceptInvitationById({ invitationId: invitation.id, user: { id: user.id, email: user.email }, ...scope() });

    expect(await mayJoinWithoutLink(user.id)).toBe(false);
    await expect(join()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await fresh.db.membership.count({ where: { userId: user.id } })).toBe(0);

    await acceptInvitation({ token, user: { id: user.id, email: user.email }, ...scope() });
    expect(await mayJoinWithoutLink(user.id)).toBe(true);
    expect(await join()).toMatchObject({ org: { id: second.orgId }, role: "editor" });
    const audit = await fresh.db.auditEvent.findMany({ where: { action: "invitation.accept", actorUserId: user.id } });
    expect(audit).toHaveLength(2);
  });

  it("answers someone else's invitation id with the same 404 as a missing one", async () => {
    const context = await ownerContext();
    const { invitation } = await createInvitation(context, { email: "owner-of-it@example.test", role: "viewer" });
    const intruder = await person();
    await fresh.db.account.create({
      data: { userId: intruder.id, type: "oidc", provider: "oidc", providerAccountId: randomUUID() },
    });
    for (const invitationId of [invitation.id, randomUUID()]) {
      await expect(
        acceptInvitationById({ invitationId, user: { id: intruder.id, email: intruder.email }, ...scope() }),
      ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Invitation not found." });
    }
  });
});
