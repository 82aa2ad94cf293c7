import { AppError } from "@/lib/errors";
import { assignableRoles, can, type Role } from "@/lib/permissions";
import type { OrgContext } from "../auth/actor";
import { addressKey, consumeRateLimits, RATE_LIMITS } from "../auth/rate-limit";
import { generateSecret, hashSecret } from "../auth/secret-tokens";
import { audited, type AuditEntry } from "../audit/record";
import { getConfig } from "../config/env";
import { getDb } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { isUuid, lockOrganization } from "./scoping";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const invitationSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  invitedById: true,
} satisfies Prisma.InvitationSelect;

export type Invitation = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;
export type PendingInvitation = Invitation & { invitedBy: { name: string | null; email: string } | null };

/** The link an invitee opens. The token appears here once and is never stored (only its hash). */
export function invitationUrl(token: string): string {
  return `${getConfig().appUrl}/invite/${token}`;
}

/**
 * Invite an email address at a role no higher than the inviter's. When the address already has a
 * pending invitation, the link already sent keeps working unless `replace` says to withdraw it:
 * without it the answer is a CONFLICT on `replace` that asks (a silent replacement left invitees
 * holding a "withdrawn" link).
 */
export async function createInvitation(context: OrgContext, input: { email: string; role: Role; replace?: boolean }) {
  const email = input.email.trim().toLowerCase();
  const existing = await getDb().invitation.findFirst({
    where: pendingWhere(context.orgId, { email }),
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, role: true },
  });
  if (existing && !input.replace) {
    throw new AppError(
      "CONFLICT",
      `${email} already has a pending invitation (as ${existing.role}, sent ${existing.createdAt.toISOString().slice(0, 10)}), and its link still works. Replace it with a new link?`,
      "replace",
    );
  }
  const replaced = existing ? 1 : 0;
  const entry: AuditEntry = {
    action: "invitation.create",
    kind: "Invitation",
    name: email,
    summary: `invited as ${input.role}${replaced > 0 ? " (replaces the pending invitation)" : ""}`,
  };
  const token = generateSecret();
  const invitation = await audited(context, entry, () =>
    getDb().$transaction(async (tx) => {
      if (!assignableRoles(context.role).includes(input.role)) {
        throw new AppError("FORBIDDEN", `Your role (${context.role}) cannot invite someone as ${input.role}.`, "role");
      }
      await lockOrganization(tx, context.orgId);
      const member = await tx.membership.findFirst({ where: { orgId: context.orgId, user: { email } } });
      if (member) throw new AppError("CONFLICT", `${email} is already a member of this organization.`, "email");
      await tx.invitation.updateMany({
        where: pendingWhere(context.orgId, { email }),
        data: { revokedAt: new Date() },
      });
      return tx.invitation.create({
        data: {
          orgId: context.orgId,
          email,
          role: input.role,
          tokenHash: hashSecret(token),
          invitedById: context.actor.userId,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        },
        select: invitationSelect,
      });
    }),
  );
  return { invitation, token, url: invitationUrl(token) };
}

function pendingWhere(orgId: string, extra: Prisma.InvitationWhereInput = {}): Prisma.InvitationWhereInput {
  return { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() }, ...extra };
}

/** Invitations that can still be accepted, newest first, with who sent them. */
export async function listPendingInvitations(orgId: string): Promise<PendingInvitation[]> {
  const invitations = await getDb().invitation.findMany({
    where: pendingWhere(orgId),
    orderBy: { createdAt: "desc" },
    select: invitationSelect,
  });
  const inviterIds = [...new Set(invitations.map((invitation) => invitation.invitedById))];
  const inviters = await getDb().user.findMany({
    where: { id: { in: inviterIds } },
    select: { id: true, name: true, email: true },
  });
  const byId = new Map(inviters.map((user) => [user.id, { name: user.name, email: user.email }]));
  return invitations.map((invitation) => ({ ...invitation, invitedBy: byId.get(invitation.invitedById) ?? null }));
}

/** An invitation of this org by id; another org's is "not found", exactly like a missing one. */
async function findInvitation(orgId: string, invitationId: string) {
  if (!isUuid(invitationId)) return null;
  return getDb().invitation.findFirst({
    where: { id: invitationId, orgId },
    select: { ...invitationSelect, acceptedAt: true, revokedAt: true },
  });
}

/** Revoke an invitation so its link stops working. Revoking twice is harmless. */
export async function revokeInvitation(context: OrgContext, invitationId: string): Promise<Invitation> {
  const before = await findInvitation(context.orgId, invitationId);
  const entry: AuditEntry = {
    action: "invitation.revoke",
    kind: "Invitation",
    name: before?.email ?? invitationId,
    summary: before ? `revoked (was for ${before.role})` : "revoked",
  };
  return audited(context, entry, async () => {
    if (!before) throw new AppError("NOT_FOUND", "Invitation not found.");
    if (before.acceptedAt) {
      throw new AppError("CONFLICT", `${before.email} already accepted this invitation. Remove the member instead.`);
    }
    await getDb().invitation.updateMany({
      where: { id: before.id, orgId: context.orgId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const { acceptedAt: _accepted, revokedAt: _revoked, ...invitation } = before;
    return invitation;
  });
}

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";

export type InvitationPreview = {
  status: InvitationStatus;
  email: string;
  role: Role;
  expiresAt: Date;
  org: { id: string; name: string };
  inviter: { name: string | null; email: string } | null;
};

function statusOf(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= new Date()) return "expired";
  return "pending";
}

/** What the invite page shows for a link: the org, the role, who invited, and whether it still works. */
export async function previewInvitation(token: string): Promise<InvitationPreview | null> {
  const invitation = await getDb().invitation.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { org: { select: { id: true, name: true } } },
  });
  if (!invitation) return null;
  const inviter = await getDb().user.findUnique({
    where: { id: invitation.invitedById },
    select: { name: true, email: true },
  });
  return {
    status: statusOf(invitation),
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    org: invitation.org,
    inviter,
  };
}

export type AcceptInvitationInput = {
  token: string;
  user: { id: string; email: string };
  /** The session that accepted; it switches to the new org. */
  sessionId?: string;
  requestId: string;
  ip: string | null;
};

/**
 * Join an org through an invitation link: single use, unexpired, unrevoked, and only for the
 * email it was sent to. Attempts are rate limited per client address and per link.
 */
export async function acceptInvitation(input: AcceptInvitationInput) {
  const tokenHash = hashSecret(input.token);
  await assertAcceptRate([
    [addressKey("invite-accept", input.ip), RATE_LIMITS.inviteAccept],
    [`invite-accept:token:${tokenHash}`, RATE_LIMITS.inviteAccept],
  ]);
  const found = await getDb().invitation.findUnique({
    where: { tokenHash },
    select: { id: true, orgId: true, role: true },
  });
  if (!found) throw new AppError("NOT_FOUND", "This invitation link is not valid. Ask for a new one.");
  return acceptFound(found, input);
}

/**
 * Join from the list of one's pending invitations, without the link: only for a person whose
 * email is known to be theirs (docs/decisions/0074-invitations-ask-and-join.md), otherwise the
 * link is the proof and this is FORBIDDEN.
 */
export async function acceptInvitationById(input: Omit<AcceptInvitationInput, "token"> & { invitationId: string }) {
  await assertAcceptRate([[addressKey("invite-accept", input.ip), RATE_LIMITS.inviteAccept]]);
  const email = input.user.email.trim().toLowerCase();
  const found = isUuid(input.invitationId)
    ? await getDb().invitation.findFirst({
        where: { id: input.invitationId, email },
        select: { id: true, orgId: true, role: true },
      })
    : null;
  if (!found) throw new AppError("NOT_FOUND", "Invitation not found.");
  if (!(await mayJoinWithoutLink(input.user.id))) {
    throw new AppError(
      "FORBIDDEN",
      "Open the invitation link you were sent to join: it proves the invitation reached you.",
    );
  }
  return acceptFound(found, input);
}

/**
 * Whether this person's email is proven theirs: signed in through the identity provider (which
 * confirmed the address), or joined an org before through a link addressed to it.
 */
export async function mayJoinWithoutLink(userId: string): Promise<boolean> {
  const [oidc, linked] = await Promise.all([
    getDb().account.count({ where: { userId, provider: "oidc" } }),
    getDb().invitation.count({ where: { acceptedById: userId } }),
  ]);
  return oidc > 0 || linked > 0;
}

export type InvitationForMe = {
  id: string;
  role: Role;
  expiresAt: Date;
  org: { id: string; name: string };
  inviter: { name: string | null; email: string } | null;
};

/** Pending invitations addressed to this email, in every org (bounded: a person has few). */
export async function listInvitationsFor(email: string): Promise<InvitationForMe[]> {
  const invitations = await getDb().invitation.findMany({
    where: { email: email.trim().toLowerCase(), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, role: true, expiresAt: true, invitedById: true, org: { select: { id: true, name: true } } },
  });
  const inviters = await getDb().user.findMany({
    where: { id: { in: invitations.map((invitation) => invitation.invitedById) } },
    select: { id: true, name: true, email: true },
  });
  const byId = new Map(inviters.map((user) => [user.id, { name: user.name, email: user.email }]));
  return invitations.map(({ invitedById, ...invitation }) => ({
    ...invitation,
    inviter: byId.get(invitedById) ?? null,
  }));
}

async function assertAcceptRate(keys: Parameters<typeof consumeRateLimits>[0]) {
  const limit = await consumeRateLimits(keys);
  if (!limit.allowed) {
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    throw new AppError("RATE_LIMITED", `Too many attempts to accept invitations. Try again in ${minutes} min.`);
  }
}

async function acceptFound(
  found: { id: string; orgId: string; role: Role },
  input: Omit<AcceptInvitationInput, "token">,
) {
  const scope = {
    actor: { type: "session" as const, userId: input.user.id, email: input.user.email, sessionId: input.sessionId },
    orgId: found.orgId,
    requestId: input.requestId,
    ip: input.ip,
  };
  const entry: AuditEntry = {
    action: "invitation.accept",
    kind: "Invitation",
    name: input.user.email,
    summary: `joined as ${found.role}`,
  };
  return audited(scope, entry, () =>
    getDb().$transaction(async (tx) => {
      // Serializes accepts of the same link: exactly one can win.
      await lockOrganization(tx, found.orgId);
      const invitation = await tx.invitation.findUniqueOrThrow({
        where: { id: found.id },
        include: { org: { select: { id: true, name: true } } },
      });
      assertAcceptable(invitation, input.user.email);
      await assertInviterMayStillInvite(tx, invitation);
      const existing = await tx.membership.findUnique({
        where: { orgId_userId: { orgId: invitation.orgId, userId: input.user.id } },
      });
      if (existing) throw new AppError("CONFLICT", `You are already a member of ${invitation.org.name}.`);
      await tx.invitation.update({
        where: { id: invitation.id },
        data: { acceptedAt: new Date(), acceptedById: input.user.id },
      });
      const membership = await tx.membership.create({
        data: { orgId: invitation.orgId, userId: input.user.id, role: invitation.role },
        select: { id: true, role: true },
      });
      if (input.sessionId) {
        await tx.session.updateMany({ where: { id: input.sessionId }, data: { activeOrgId: invitation.orgId } });
      }
      return { org: invitation.org, membershipId: membership.id, role: membership.role };
    }),
  );
}

/**
 * An invitation carries its sender's authority, so it is only as good as that authority now: a
 * sender who was removed or demoted since cannot bring someone in (docs/security.md §3).
 */
async function assertInviterMayStillInvite(
  tx: Prisma.TransactionClient,
  invitation: { orgId: string; invitedById: string; role: Role },
) {
  const inviter = await tx.membership.findUnique({
    where: { orgId_userId: { orgId: invitation.orgId, userId: invitation.invitedById } },
    select: { role: true },
  });
  if (inviter && can(inviter.role, "members.invite") && assignableRoles(inviter.role).includes(invitation.role)) return;
  throw new AppError(
    "CONFLICT",
    "This invitation is no longer valid: the person who sent it can no longer invite at this role. Ask an admin of the organization for a new one.",
    undefined,
    { denied: true },
  );
}

function assertAcceptable(
  invitation: { email: string; acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  email: string,
) {
  const status = statusOf(invitation);
  if (status === "accepted")
    throw new AppError("CONFLICT", "This invitation has already been used. Ask for a new one.");
  if (status === "revoked") throw new AppError("CONFLICT", "This invitation was revoked. Ask for a new one.");
  if (status === "expired") throw new AppError("CONFLICT", "This invitation has expired. Ask for a new one.");
  if (invitation.email !== email.trim().toLowerCase()) {
    throw new AppError(
      "FORBIDDEN",
      `This invitation is for ${invitation.email}, but you are signed in as ${email}. ` +
        `Sign out, then sign in or create an account as ${invitation.email} to accept it.`,
    );
  }
}
