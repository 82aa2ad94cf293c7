"use server";

import { defineOrgAction } from "@/lib/server/actions/define-action";
import { changeMemberRole, removeMember } from "@/lib/server/orgs/members";
import { serializeMember } from "@/lib/server/orgs/serialize";
import { changeMemberRoleSchema, removeMemberSchema } from "@/lib/validations/members";

export const changeMemberRoleAction = defineOrgAction(
  { permission: "members.changeRole", input: changeMemberRoleSchema, audit: "member.role_change" },
  async (context, input) => serializeMember(await changeMemberRole(context, input.membershipId, input.role)),
);

export const removeMemberAction = defineOrgAction(
  { permission: "members.remove", input: removeMemberSchema, audit: "member.remove" },
  async (context, input) => serializeMember(await removeMember(context, input.membershipId)),
);
