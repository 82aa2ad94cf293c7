"use client";

import { useState } from "react";
import { Input } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { changeMemberRoleAction } from "@/lib/actions/members";
import type { Role } from "@/lib/permissions";
import { displayName } from "./format";
import type { MemberRow } from "./types";

const WHAT_CHANGES: Record<Role, string> = {
  owner: "Owners can do everything, including removing other owners and deleting the organization's clusters.",
  admin: "Admins manage members, clusters and tokens, and read the audit log.",
  editor: "Editors manage clusters and act on workloads, but not members or the audit log.",
  viewer: "Viewers can look at everything but change nothing.",
};

/**
 * Every role change asks first, naming the person and both roles; making someone an owner also
 * needs their email typed, because an owner can undo everything, including you.
 */
export function RoleChangeDialog({ member, to, onClose }: { member: MemberRow; to: Role; onClose: () => void }) {
  const [typed, setTyped] = useState("");
  const name = displayName(member.user);
  const promotingToOwner = to === "owner";
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      testId="role-change-dialog"
      confirmTestId="role-change-confirm"
      confirmVariant={promotingToOwner ? "danger" : "primary"}
      title={`Change ${name}'s role from ${member.role} to ${to}?`}
      description={
        <>
          {name}
          {member.user.name ? ` (${member.user.email})` : ""} is {article(member.role)} {member.role} now and becomes{" "}
          {article(to)} {to} at once, on every open page. {WHAT_CHANGES[to]}
        </>
      }
      confirmLabel={promotingToOwner ? `Make ${name} an owner` : `Make ${name} ${article(to)} ${to}`}
      action={() => changeMemberRoleAction({ membershipId: member.id, role: to })}
      success={{ title: `${name} is now ${article(to)} ${to}` }}
      failureTitle={`Could not change ${name}'s role`}
      canConfirm={!promotingToOwner || typed.trim().toLowerCase() === member.user.email.toLowerCase()}
    >
      {promotingToOwner ? (
        <Input
          label={`Type ${member.user.email} to confirm`}
          data-testid="role-change-typed"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      ) : null}
    </ConfirmDialog>
  );
}

export function article(role: Role) {
  return role === "owner" || role === "admin" || role === "editor" ? "an" : "a";
}
