"use client";

import { ShownOnceSecret } from "@/components/ui/shown-once-secret";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState, useTransition } from "react";
import { Button, Input, useToast } from "@/components/ui";
import { createInvitationAction } from "@/lib/actions/invitations";
import { assignableRoles, isRole, type Role } from "@/lib/permissions";
import { RoleSelect } from "./role-select";
import type { MembersViewer } from "./types";

type Created = { email: string; role: Role; url: string };

/** Invite by email at a role up to the inviter's own; the link is shown once, right here. */
export function InviteForm({ viewer }: { viewer: MembersViewer }) {
  const router = useRouter();
  const { toast } = useToast();
  const roles = assignableRoles(viewer.role);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [errors, setErrors] = useState<{ email?: string; role?: string }>({});
  const [created, setCreated] = useState<Created | null>(null);
  /** The server's question when the address already has a pending invitation. */
  const [replacing, setReplacing] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const roleId = useId();

  function submit(event?: FormEvent<HTMLFormElement>, replace = false) {
    event?.preventDefault();
    setErrors({});
    setReplacing(null);
    startTransition(async () => {
      const result = await createInvitationAction({ email, role, replace });
      if (!result.ok) {
        const { path, message } = result.error;
        const text = message.replace(/^(email|role): /, "");
        if (path === "replace") setReplacing(message);
        else if (path === "email" || path === "role") setErrors({ [path]: text });
        else toast({ tone: "danger", title: "Could not create the invitation", description: message });
        return;
      }
      setCreated({ email: result.data.invitation.email, role: result.data.invitation.role, url: result.data.url });
      setEmail(""); // the link, shown once below the form, is the outcome report
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="invite-heading" className="rounded-lg border border-border bg-surface-raised p-4 sm:p-5">
      <h2 id="invite-heading" className="text-base font-semibold text-text">
        Invite someone
      </h2>
      <p className="mt-1 text-sm text-text-muted">
        You get a link to send them. It works once, for that email address, for 7 days.
      </p>
      <form onSubmit={submit} className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
        <div className="min-w-0 flex-1">
          <Input
            label="Email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={errors.email}
            data-testid="invite-email"
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={roleId} className="text-sm font-medium text-text">
            Role
          </label>
          <RoleSelect
            id={roleId}
            name="role"
            value={role}
            onChange={(event) => isRole(event.target.value) && setRole(event.target.value)}
            options={roles.map((option) => ({ role: option }))}
            aria-invalid={errors.role ? true : undefined}
            data-testid="invite-role"
          />
          {errors.role ? (
            <p className="text-xs text-danger">
              <span className="font-medium">Role:</span> {errors.role}
            </p>
          ) : null}
        </div>
        <Button type="submit" loading={pending} className="sm:mt-7" data-testid="invite-submit">
          Create invite link
        </Button>
      </form>
      {replacing ? (
        <div
          role="alertdialog"
          aria-labelledby="invite-replace-question"
          data-testid="invite-replace-prompt"
          className="mt-4 flex flex-col gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2.5 text-sm"
        >
          <p id="invite-replace-question" className="break-words text-text">
            {replacing}
          </p>
          <p className="text-xs text-text-muted">
            A new link withdraws the one already sent: whoever opens it is told it was withdrawn.
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button size="sm" variant="ghost" data-testid="invite-keep" onClick={() => setReplacing(null)}>
              Keep the link already sent
            </Button>
            <Button size="sm" data-testid="invite-replace" loading={pending} onClick={() => submit(undefined, true)}>
              Replace it with a new link
            </Button>
          </div>
        </div>
      ) : null}
      {created ? <CreatedInvite created={created} onDone={() => setCreated(null)} /> : null}
    </section>
  );
}

/** The one time an invitation link is visible. */
function CreatedInvite({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <ShownOnceSecret
      label={`Invitation link for ${created.email} (${created.role})`}
      value={created.url}
      testId="invite"
      valueTestId="invite-link"
      copyLabel="Copy link"
      warning="Copy it now and send it to them: you won’t see this link again."
      onDone={onDone}
    />
  );
}
