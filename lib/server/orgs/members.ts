import { AppError } from "@/lib/errors";
import { assignableRoles, can, ROLES, type Role } from "@/lib/permissions";
import type { OrgContext } from "../auth/actor";
import { audited, type AuditEntry } from "../audit/record";
import { getDb } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { announceAccessChange } from "./notify";
import { isUuid, lockOrganization } from "./scoping";

const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true } },
} satisfies Prisma.MembershipSelect;

export type Member = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>;

export function listMembers(orgId: string): Promise<Member[]> {
  return getDb().membership.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: memberSelect,
  });
}

/** A member of this org by membership id. Another org's member is "not found", exactly like a missing one. */
export async function findMember(orgId: string, membershipId: string, db: Prisma.TransactionClient = getDb()) {
  if (!isUuid(membershipId)) return null;
  return db.membership.findFirst({ where: { id: membershipId, orgId }, select: memberSelect });
}

const memberNotFound = () => new AppError("NOT_FOUND", "Member not found.");

/**
 * Change a member's role. Rules: only owners touch owners, nobody grants above their own role,
 * nobody changes their own role, and the last owner stays an owner. Their open pages refresh.
 * A demotion also revokes their API tokens in this org and the invitations they could no longer
 * send (docs/security.md §3): new tokens are minted at the new role, deliberately.
 */
export async function changeMemberRole(context: OrgContext, membershipId: string, role: Role): Promise<Member> {
  const before = await findMember(context.orgId, membershipId);
  const entry: AuditEntry = {
    action: "member.role_change",
    kind: "Membership",
    name: before?.user.email ?? membershipId,
    summary: before
      ? `role ${before.role}→${role}${isDemotion(before.role, role) ? "; their API tokens and invitations above the new role revoked" : ""}`
      : `role →${role}`,
  };
  const result = await audited(context, entry, () =>
    getDb().$transaction(async (tx) => {
      // One membership change per org at a time, so "is this the last owner?" cannot race.
      await lockOrganization(tx, context.orgId);
      const target = await findMember(context.orgId, membershipId, tx);
      if (!target) throw memberNotFound();
      assertOwnersOnly(context, target, "change an owner's role");
      if (target.role === "owner" && role !== "owner") await assertNotLastOwner(tx, context.orgId, target);
      assertMayGrant(context, target, role);
      if (target.role === role) return { member: target, changed: false };
      const member = await tx.membership.update({ where: { id: target.id }, data: { role }, select: memberSelect });
      if (isDemotion(target.role, role)) await revokeMemberGrants(tx, context.orgId, target.user.id, role);
      return { member, changed: true };
    }),
  );
  if (result.changed)
    await announceAccessChange(result.member.user.id, { orgId: context.orgId, reason: "role_changed" });
  return result.member;
}

function assertOwnersOnly(context: OrgContext, target: Member, what: string) {
  if (target.role === "owner" && context.role !== "owner") throw new AppError("FORBIDDEN", `Only owners can ${what}.`);
}

function assertMayGrant(context: OrgContext, target: Member, role: Role) {
  if (target.user.id === context.actor.userId) {
    throw new AppError("FORBIDDEN", "You cannot change your own role. Ask another admin or owner.");
  }
  if (!assignableRoles(context.role).includes(role)) {
    throw new AppError("FORBIDDEN", `Your role (${context.role}) cannot grant the ${role} role.`, "role");
  }
}

/**
 * Remove a member. Nothing they created is deleted; they simply lose access: their sessions
 * working in this org drop back to "no organization", their API tokens for it and their pending
 * invitations are revoked, and their open sockets are closed.
 */
export async function removeMember(context: OrgContext, membershipId: string): Promise<Member> {
  const before = await findMember(context.orgId, membershipId);
  const entry: AuditEntry = {
    action: "member.remove",
    kind: "Membership",
    name: before?.user.email ?? membershipId,
    summary: before ? `removed (was ${before.role}); their API tokens and pending invitations revoked` : "removed",
  };
  const removed = await audited(context, entry, () =>
    getDb().$transaction(async (tx) => {
      await lockOrganization(tx, context.orgId);
      const target = await findMember(context.orgId, membershipId, tx);
      if (!target) throw memberNotFound();
      assertOwnersOnly(context, target, "remove an owner");
      if (target.role === "owner") await assertNotLastOwner(tx, context.orgId, target);
      await tx.membership.delete({ where: { id: target.id } });
      await revokeMemberGrants(tx, context.orgId, target.user.id, null);
      await tx.session.updateMany({
        where: { userId: target.user.id, activeOrgId: context.orgId },
        data: { activeOrgId: null },
      });
      return target;
    }),
  );
  await announceAccessChange(removed.user.id, { orgId: context.orgId, reason: "removed" });
  return removed;
}

async function assertNotLastOwner(tx: Prisma.TransactionClient, orgId: string, target: Member) {
  const owners = await tx.membership.count({ where: { orgId, role: "owner" } });
  if (owners <= 1) {
    const who = target.user.name || target.user.email;
    throw new AppError("CONFLICT", `${who} is the last owner of this organization. Make someone else an owner first.`);
  }
}

function isDemotion(from: Role, to: Role): boolean {
  return ROLES.indexOf(to) > ROLES.indexOf(from);
}

/**
 * Access ends with membership: the member's API tokens in this org stop working, and the pending
 * invitations they sent at a role they could no longer hand out are withdrawn (all of them when
 * they leave, `role` null). Runs inside the membership change's transaction.
 */
async function revokeMemberGrants(tx: Prisma.TransactionClient, orgId: string, userId: string, role: Role | null) {
  const now = new Date();
  const stillInvitable = role && can(role, "members.invite") ? assignableRoles(role) : [];
  await tx.apiToken.updateMany({ where: { orgId, userId, revokedAt: null }, data: { revokedAt: now } });
  await tx.invitation.updateMany({
    where: { orgId, invitedById: userId, acceptedAt: null, revokedAt: null, role: { notIn: stillInvitable } },
    data: { revokedAt: now },
  });
}
