"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineOrgAction } from "@/lib/server/actions/define-action";
import {
  acceptInvitation,
  acceptInvitationById,
  createInvitation,
  revokeInvitation,
} from "@/lib/server/orgs/invitations";
import { serializeInvitation } from "@/lib/server/orgs/serialize";
import { defineViewerAction } from "@/lib/server/actions/define-action";
import {
  acceptInvitationSchema,
  createInvitationSchema,
  joinInvitationSchema,
  revokeInvitationSchema,
} from "@/lib/validations/members";

/** Returns the invitation link once; the page shows it and never again. */
export const createInvitationAction = defineOrgAction(
  { permission: "members.invite", input: createInvitationSchema, audit: "invitation.create" },
  async (context, input) => {
    const { invitation, url } = await createInvitation(context, input);
    return { invitation: serializeInvitation(invitation), url };
  },
);

export const revokeInvitationAction = defineOrgAction(
  { permission: "members.invite", input: revokeInvitationSchema, audit: "invitation.revoke" },
  async (context, input) => serializeInvitation(await revokeInvitation(context, input.invitationId)),
);

/** Needs a signed-in person but no org: accepting is how people without one get one. */
export const acceptInvitationAction = defineViewerAction(
  { input: acceptInvitationSchema },
  async (viewer, scope, input) => {
    await acceptInvitation({ token: input.token, user: viewer.user, sessionId: viewer.sessionId, ...scope });
    revalidatePath("/", "layout");
    redirect("/");
  },
);

/** Join from the list of one's pending invitations (the /orgs page), where the email is proven. */
export const joinInvitationAction = defineViewerAction(
  { input: joinInvitationSchema },
  async (viewer, scope, input) => {
    await acceptInvitationById({
      invitationId: input.invitationId,
      user: viewer.user,
      sessionId: viewer.sessionId,
      ...scope,
    });
    revalidatePath("/", "layout");
    redirect("/");
  },
);
