import { assignableRoles, can, denialReason, ROLES, type Role } from "@/lib/permissions";
import type { MemberRow, MembersViewer } from "./types";

/**
 * The UI side of the membership rules in lib/server/orgs/members.ts: what to offer, and why a
 * control is disabled. The server enforces the same rules; this only keeps people from trying.
 */
export type Control = { allowed: true } | { allowed: false; reason: string };

export function roleChangeControl(viewer: MembersViewer, member: MemberRow): Control {
  if (!can(viewer.role, "members.changeRole")) return { allowed: false, reason: denialReason("members.changeRole") };
  if (member.user.id === viewer.userId) return { allowed: false, reason: "You can't change your own role" };
  if (member.role === "owner" && viewer.role !== "owner") {
    return { allowed: false, reason: "Only owners can change an owner's role" };
  }
  return { allowed: true };
}

export function removeControl(viewer: MembersViewer, member: MemberRow, ownerCount: number): Control {
  if (!can(viewer.role, "members.remove")) return { allowed: false, reason: denialReason("members.remove") };
  if (member.role === "owner" && viewer.role !== "owner")
    return { allowed: false, reason: "Only owners can remove an owner" };
  if (member.role === "owner" && ownerCount <= 1) {
    return { allowed: false, reason: "The last owner can't be removed: make someone else an owner first" };
  }
  return { allowed: true };
}

/** Roles shown in a member's select: what the viewer may grant, plus the member's current role. */
export function roleOptions(viewer: MembersViewer, current: Role): { role: Role; disabled: boolean }[] {
  const grantable = assignableRoles(viewer.role);
  return ROLES.filter((role) => grantable.includes(role) || role === current).map((role) => ({
    role,
    disabled: !grantable.includes(role),
  }));
}
