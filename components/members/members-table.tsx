"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useState } from "react";
import { Badge, Button, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { removeMemberAction } from "@/lib/actions/members";
import { can, denialReason, isRole, type Role } from "@/lib/permissions";
import { displayName, formatDate } from "./format";
import { removeControl, roleChangeControl, roleOptions } from "./member-rules";
import { RoleChangeDialog } from "./role-change-dialog";
import { RoleSelect } from "./role-select";
import type { MemberRow, MembersViewer } from "./types";

export function MembersTable({ members, viewer }: { members: MemberRow[]; viewer: MembersViewer }) {
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const ownerCount = members.filter((member) => member.role === "owner").length;
  const mayChange = can(viewer.role, "members.changeRole");
  const mayRemove = can(viewer.role, "members.remove");

  return (
    <>
      {!mayChange || !mayRemove ? (
        <p data-testid="members-readonly-note" className="mb-3 text-sm text-text-muted">
          You can see who is here. Changing roles and removing members:{" "}
          {denialReason("members.changeRole").toLowerCase()}.
        </p>
      ) : null}
      <Table
        caption={`Members of ${viewer.orgName}`}
        hideCaption
        // sr-only texts are absolutely positioned: keep them inside the scroll box, not widening the page.
        containerClassName="relative"
        stacked
        data-testid="members-table"
      >
        <THead>
          <tr>
            <Th>Member</Th>
            <Th>Role</Th>
            <Th className="hidden sm:table-cell">Joined</Th>
            {mayRemove ? (
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            ) : null}
          </tr>
        </THead>
        <TBody>
          {members.map((member) => (
            <Tr key={member.id} data-testid={`member-row-${member.user.email}`}>
              <Td className="max-w-64 min-w-40">
                <span className="block font-medium break-words">
                  {member.user.name || <span className="text-text-muted">No name</span>}
                  {member.user.id === viewer.userId ? (
                    <Badge tone="neutral" className="ml-2 align-middle">
                      you
                    </Badge>
                  ) : null}
                </span>
                <span className="block text-xs break-all text-text-muted">{member.user.email}</span>
                <span className="block text-xs text-text-muted sm:hidden">Joined {formatDate(member.joinedAt)}</span>
              </Td>
              <Td data-label="Role">
                {/* Keyed by role: after a refresh the select starts from the server's value again. */}
                <RoleCell key={`${member.id}:${member.role}`} member={member} viewer={viewer} />
              </Td>
              <Td className="hidden whitespace-nowrap text-text-muted sm:table-cell">
                <time dateTime={member.joinedAt}>{formatDate(member.joinedAt)}</time>
              </Td>
              {mayRemove ? (
                <Td className="sm:text-right">
                  <RemoveButton member={member} viewer={viewer} ownerCount={ownerCount} onRemove={setRemoving} />
                </Td>
              ) : null}
            </Tr>
          ))}
        </TBody>
      </Table>
      <RemoveMemberDialog member={removing} viewer={viewer} onClose={() => setRemoving(null)} />
    </>
  );
}

function RoleCell({ member, viewer }: { member: MemberRow; viewer: MembersViewer }) {
  const [proposed, setProposed] = useState<Role | null>(null);
  const control = roleChangeControl(viewer, member);
  const email = member.user.email;

  if (!can(viewer.role, "members.changeRole")) {
    return (
      <span data-testid={`member-role-${email}`} className="capitalize">
        {member.role}
      </span>
    );
  }

  const reasonId = `member-role-reason-${member.id}`;
  return (
    <div className="flex items-center gap-2">
      {/* Shows the current role until the change is confirmed and saved; choosing only asks. */}
      <RoleSelect
        aria-label={`Role of ${displayName(member.user)}`}
        aria-describedby={control.allowed ? undefined : reasonId}
        title={control.allowed ? undefined : control.reason}
        data-testid={`member-role-${email}`}
        value={member.role}
        disabled={!control.allowed}
        onChange={(event) =>
          isRole(event.target.value) && event.target.value !== member.role && setProposed(event.target.value)
        }
        options={roleOptions(viewer, member.role)}
      />
      {control.allowed ? null : (
        <span id={reasonId} className="sr-only">
          {control.reason}
        </span>
      )}
      {proposed ? <RoleChangeDialog member={member} to={proposed} onClose={() => setProposed(null)} /> : null}
    </div>
  );
}

function RemoveButton({
  member,
  viewer,
  ownerCount,
  onRemove,
}: {
  member: MemberRow;
  viewer: MembersViewer;
  ownerCount: number;
  onRemove: (member: MemberRow) => void;
}) {
  const control = removeControl(viewer, member, ownerCount);
  const self = member.user.id === viewer.userId;
  return (
    <Button
      variant="secondary"
      size="sm"
      data-testid={`member-remove-${member.user.email}`}
      disabled={!control.allowed}
      title={control.allowed ? undefined : control.reason}
      aria-label={
        control.allowed ? `Remove ${displayName(member.user)}` : `Remove ${displayName(member.user)}: ${control.reason}`
      }
      onClick={() => onRemove(member)}
    >
      {self ? "Leave" : "Remove"}
    </Button>
  );
}

function RemoveMemberDialog({
  member,
  viewer,
  onClose,
}: {
  member: MemberRow | null;
  viewer: MembersViewer;
  onClose: () => void;
}) {
  const name = member ? displayName(member.user) : "";
  const self = member?.user.id === viewer.userId;
  return (
    <ConfirmDialog
      open={member !== null}
      onClose={onClose}
      testId="remove-member-dialog"
      confirmTestId="member-remove-confirm"
      title={self ? `Leave ${viewer.orgName}?` : `Remove ${name}?`}
      description={
        self
          ? `You lose access to ${viewer.orgName} at once, on every device. Someone will have to invite you again.`
          : `${name}${member && member.user.name ? ` (${member.user.email})` : ""} loses access to ${viewer.orgName} at once: their open pages, sessions and API tokens for it stop working. Nothing they did is deleted.`
      }
      confirmLabel={self ? `Leave ${viewer.orgName}` : `Remove ${name}`}
      action={() => removeMemberAction({ membershipId: member!.id })}
      success={{ title: self ? `You left ${viewer.orgName}` : `Removed ${name} from ${viewer.orgName}` }}
      failureTitle={`Could not remove ${name}`}
    />
  );
}
