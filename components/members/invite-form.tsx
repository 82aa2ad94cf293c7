"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState, useTransition } from "react";
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
  const [pending, startTransition] = useTransition();
  const roleId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    startTransition(async () => {
      const result = await createInvitationAction({ email, role });
      if (!result.ok) {
        const { path, message } = result.error;
        const text = message.replace(/^(email|role): /, "");
        if (path === "email" || path === "role") setErrors({ [path]: text });
        else toast({ tone: "danger", title: "Could not create the invitation", description: message });
        return;
      }
      setCreated({ email: result.data.invitation.email, role: result.data.invitation.role, url: result.data.url });
      setEmail("");
      toast({ tone: "success", title: `Invitation created for ${result.data.invitation.email}` });
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
      {created ? <CreatedInvite created={created} onDone={() => setCreated(null)} /> : null}
    </section>
  );
}

/** The one time an invitation link is visible: it lives only in this component's state. */
function CreatedInvite({ created, onDone }: { created: Created; onDone: () => void }) {
  const { toast } = useToast();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const inputId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (permissions, plain http): select it for a manual copy.
      inputRef.current?.select();
      toast({
        tone: "warning",
        title: "Could not copy automatically",
        description: "The link is selected: press Ctrl+C.",
      });
    }
  }

  return (
    <div
      role="status"
      data-testid="invite-created"
      className="mt-4 rounded-md border border-success/40 bg-success/8 p-3 sm:p-4"
    >
      <label htmlFor={inputId} className="text-sm font-medium text-text">
        Invitation link for {created.email} ({created.role})
      </label>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row">
        <input
          id={inputId}
          ref={inputRef}
          readOnly
          value={created.url}
          data-testid="invite-link"
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 w-full min-w-0 flex-1 rounded-md border border-border-strong bg-surface-sunken px-3 font-mono text-xs text-text"
        />
        <div className="flex gap-2">
          <Button variant="secondary" onClick={copy} data-testid="invite-copy">
            {copied ? "Copied" : "Copy link"}
          </Button>
          <Button variant="ghost" onClick={onDone} data-testid="invite-created-done">
            Done
          </Button>
        </div>
      </div>
      <p className="mt-2 text-sm font-medium text-warning">
        Copy it now and send it to them: you won’t see this link again.
      </p>
    </div>
  );
}
