"use client";

import { useId, useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { createTokenAction } from "@/lib/actions/tokens";
import { cn } from "@/lib/cn";
import { TOKEN_EXPIRY_CHOICES, TOKEN_NAME_MAX_LENGTH } from "@/lib/validations/tokens";
import { Button, Input, useToast } from "@/components/ui";
import { CreatedToken } from "./created-token";

const NEVER = "never";
const DEFAULT_CHOICE = "30";

/** Name and expiry in; the new token out, shown once in a copyable field. */
export function TokenCreateForm({ disabledReason }: { disabledReason?: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const expiryId = useId();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState(DEFAULT_CHOICE);
  const [nameError, setNameError] = useState<string>();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setNameError("is required");
    setNameError(undefined);
    startTransition(async () => {
      const result = await createTokenAction({
        name: trimmed,
        expiresInDays: expiry === NEVER ? null : Number(expiry),
      });
      if (!result.ok) {
        if (result.error.path === "name") setNameError(result.error.message.replace(/^name: /, ""));
        else toast({ tone: "danger", title: "Could not create the token", description: result.error.message });
        return;
      }
      setCreated({ name: result.data.record.name, token: result.data.token });
      setName(""); // the created token, shown once below the form, is the outcome report
      router.refresh();
    });
  }

  return (
    <section
      aria-labelledby="create-token-heading"
      className="rounded-lg border border-border bg-surface-raised p-4 sm:p-5"
    >
      <h2 id="create-token-heading" className="text-base font-semibold text-text">
        Create a token
      </h2>
      <p className="mt-1 text-sm text-text-muted">
        A token acts as you, with your role in this organization. Use it as{" "}
        <code className="font-mono">Authorization: Bearer …</code> for the REST API.
      </p>
      {created ? <CreatedToken name={created.name} token={created.token} onDone={() => setCreated(null)} /> : null}
      <form onSubmit={submit} className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
        <div className="min-w-0 flex-1">
          <Input
            label="Name"
            name="name"
            data-testid="token-name"
            placeholder="ci-deploys"
            autoComplete="off"
            required
            maxLength={TOKEN_NAME_MAX_LENGTH}
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={nameError}
            disabled={Boolean(disabledReason)}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={expiryId} className="text-sm font-medium text-text">
            Expires
          </label>
          <select
            id={expiryId}
            name="expiry"
            data-testid="token-expiry"
            value={expiry}
            onChange={(event) => setExpiry(event.target.value)}
            disabled={Boolean(disabledReason)}
            className={cn(
              "h-9 rounded-md border border-border-strong bg-surface-raised px-2.5 text-sm text-text",
              "hover:border-text-muted disabled:cursor-not-allowed disabled:opacity-70",
            )}
          >
            {TOKEN_EXPIRY_CHOICES.map((days) => (
              <option key={days} value={String(days)}>
                in {days} days
              </option>
            ))}
            <option value={NEVER}>never</option>
          </select>
        </div>
        <Button
          type="submit"
          data-testid="token-create"
          loading={pending}
          disabled={Boolean(disabledReason)}
          title={disabledReason}
        >
          Create token
        </Button>
      </form>
      {expiry === NEVER ? (
        <p className="mt-2 text-xs text-warning">
          A token that never expires works until you revoke it. Prefer an expiry.
        </p>
      ) : null}
      {disabledReason ? <p className="mt-2 text-xs text-text-muted">{disabledReason}</p> : null}
    </section>
  );
}
