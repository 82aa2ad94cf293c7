"use client";

import { type FormEvent, useState, useTransition } from "react";
import { Button, Dialog, Input, useToast } from "@/components/ui";
import { createOrgAction } from "@/lib/actions/orgs";

/** Start a new organization; the creator becomes its owner and lands in it. */
export function CreateOrgDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Create organization"
      description="You become its owner and can invite your team."
      size="sm"
      data-testid="create-org-dialog"
    >
      <CreateOrgForm onCancel={onClose} />
    </Dialog>
  );
}

export function CreateOrgForm({ onCancel }: { onCancel?: () => void }) {
  const { toast } = useToast();
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    startTransition(async () => {
      // On success the action redirects to the new org's overview, whose name then heads the
      // org switcher: that is the outcome report. Only failures come back here.
      const result = await createOrgAction({ name });
      if (result.ok) return;
      if (result.error.path === "name") setError(result.error.message.replace(/^name: /, ""));
      else toast({ tone: "danger", title: "Could not create the organization", description: result.error.message });
    });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Input
        label="Organization name"
        name="name"
        required
        maxLength={80}
        autoComplete="organization"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={error}
        hint="Your team's name. You become its owner."
        data-testid="create-org-name"
      />
      <div className="flex justify-end gap-2">
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" loading={pending} data-testid="create-org-submit">
          Create organization
        </Button>
      </div>
    </form>
  );
}
