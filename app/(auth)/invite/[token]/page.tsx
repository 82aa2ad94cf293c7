import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInviteButton } from "@/components/invitations/accept-invite-button";
import { OpenOrgButton } from "@/components/invitations/open-org-button";
import { Badge, Button, buttonClassName } from "@/components/ui";
import { signOutAction } from "@/lib/actions/session";
import { getViewer } from "@/lib/server/auth/viewer";
import { type InvitationPreview, previewInvitation } from "@/lib/server/orgs/invitations";
import { invitationTokenSchema } from "@/lib/validations/members";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const preview = invitationTokenSchema.safeParse(token).success ? await previewInvitation(token) : null;
  if (!preview) {
    return (
      <InviteProblem
        testId="invite-invalid"
        title="This invitation link doesn't work"
        message="The link is incomplete or was never valid. Check that you copied all of it, or ask whoever invited you for a new one."
      />
    );
  }
  if (preview.status !== "pending")
    return <InviteProblem testId={`invite-${preview.status}`} {...problemFor(preview)} />;

  const viewer = await getViewer();
  const invitePath = `/invite/${encodeURIComponent(token)}`;
  return (
    <AuthCard title={`Join ${preview.org.name}`} subtitle="You have been invited to an organization on Pilothouse.">
      <div
        data-testid="invite-page"
        className="flex flex-col gap-5 rounded-xl border border-border bg-surface-raised p-6 shadow-sm"
      >
        <InviteSummary preview={preview} />
        {!viewer ? (
          <SignedOutChoices invitePath={invitePath} token={token} email={preview.email} />
        ) : viewer.memberships.some((membership) => membership.org.id === preview.org.id) ? (
          <div className="flex flex-col gap-3">
            <p data-testid="invite-already-member" className="text-sm text-text-muted">
              You are already a member of {preview.org.name}.
            </p>
            <OpenOrgButton org={preview.org} className="w-full">
              Open {preview.org.name}
            </OpenOrgButton>
          </div>
        ) : viewer.user.email !== preview.email ? (
          <WrongAccount signedInAs={viewer.user.email} invitedEmail={preview.email} invitePath={invitePath} />
        ) : (
          <AcceptInviteButton token={token} orgName={preview.org.name} />
        )}
      </div>
    </AuthCard>
  );
}

function InviteSummary({ preview }: { preview: InvitationPreview }) {
  const inviter = preview.inviter ? preview.inviter.name || preview.inviter.email : "A member";
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      <dt className="text-text-muted">Organization</dt>
      <dd className="min-w-0 font-medium break-words text-text" data-testid="invite-org">
        {preview.org.name}
      </dd>
      <dt className="text-text-muted">Your role</dt>
      <dd data-testid="invite-role-offered">
        <Badge tone="info">{preview.role}</Badge>
      </dd>
      <dt className="text-text-muted">Invited by</dt>
      <dd className="min-w-0 break-words text-text" data-testid="invite-inviter">
        {inviter}
        {preview.inviter?.name ? <span className="block text-xs text-text-muted">{preview.inviter.email}</span> : null}
      </dd>
      <dt className="text-text-muted">For</dt>
      <dd className="min-w-0 break-all text-text" data-testid="invite-email-shown">
        {preview.email}
      </dd>
    </dl>
  );
}

function SignedOutChoices({ invitePath, token, email }: { invitePath: string; token: string; email: string }) {
  const signUp = `/sign-up?invite=${encodeURIComponent(token)}&email=${encodeURIComponent(email)}`;
  const signIn = `/sign-in?callbackUrl=${encodeURIComponent(invitePath)}&email=${encodeURIComponent(email)}`;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-text-muted">To accept, sign in or create an account as {email}.</p>
      <Link href={signUp} className={buttonClassName({ size: "lg" })} data-testid="invite-sign-up">
        Create account
      </Link>
      <Link
        href={signIn}
        className={buttonClassName({ variant: "secondary", size: "lg" })}
        data-testid="invite-sign-in"
      >
        Sign in
      </Link>
    </div>
  );
}

function WrongAccount({
  signedInAs,
  invitedEmail,
  invitePath,
}: {
  signedInAs: string;
  invitedEmail: string;
  invitePath: string;
}) {
  return (
    <div data-testid="invite-wrong-account" className="flex flex-col gap-3">
      <p role="alert" className="rounded-md bg-warning/12 px-3 py-2 text-sm text-text">
        You are signed in as <strong className="break-all">{signedInAs}</strong>, but this invitation is for{" "}
        <strong className="break-all">{invitedEmail}</strong>. Sign out, then sign in or create an account as{" "}
        {invitedEmail}.
      </p>
      <form action={signOutAction}>
        <input type="hidden" name="callbackUrl" value={invitePath} />
        <Button type="submit" variant="secondary" className="w-full">
          Sign out and switch account
        </Button>
      </form>
    </div>
  );
}

function problemFor(preview: InvitationPreview): { title: string; message: string } {
  const inviter = preview.inviter ? preview.inviter.name || preview.inviter.email : "whoever invited you";
  switch (preview.status) {
    case "expired":
      return {
        title: "This invitation has expired",
        message: `Invitations work for 7 days. Ask ${inviter} to invite you to ${preview.org.name} again.`,
      };
    case "accepted":
      return {
        title: "This invitation has already been used",
        message: `Each invitation link works once. If you accepted it, sign in to open ${preview.org.name}; otherwise ask ${inviter} for a new one.`,
      };
    default:
      return {
        title: "This invitation was withdrawn",
        message: `It no longer works. If you still need access to ${preview.org.name}, ask ${inviter} for a new invitation.`,
      };
  }
}

function InviteProblem({ title, message, testId }: { title: string; message: ReactNode; testId: string }) {
  return (
    <AuthCard title={title}>
      <div
        role="alert"
        data-testid={testId}
        className="flex flex-col gap-4 rounded-xl border border-border bg-surface-raised p-6 text-sm text-text-muted shadow-sm"
      >
        <p>{message}</p>
        <Link href="/" className={buttonClassName({ variant: "secondary" })}>
          Go to Pilothouse
        </Link>
      </div>
    </AuthCard>
  );
}
