"use client";

import { useState } from "react";
import { setRevealPolicyAction } from "@/lib/actions/operations";
import { useRunOperation } from "./use-run-operation";

const CHOICES = [
  { value: "editor", label: "Editors, admins and owners" },
  { value: "admin", label: "Admins and owners only" },
] as const;

/** Owners choose who may reveal Secret values in this org; everyone else sees the current rule. */
export function RevealPolicyForm({ current, editable }: { current: "editor" | "admin"; editable: boolean }) {
  const [role, setRole] = useState(current);
  const { pending, run } = useRunOperation();
  return (
    <section className="rounded-lg border border-border bg-surface-raised p-4" data-testid="reveal-policy">
      <h2 className="font-medium text-text">Revealing Secret values</h2>
      <p className="mt-1 text-sm text-text-muted">
        Who may reveal one key of a Secret (each reveal is audited; the cluster&apos;s RBAC must allow it too).
      </p>
      <select
        className="mt-3 rounded-md border border-border-strong bg-surface px-3 py-2 text-sm"
        value={role}
        disabled={!editable || pending}
        title={editable ? undefined : "Requires the owner role"}
        aria-label="Who may reveal Secret values"
        data-testid="reveal-policy-select"
        onChange={(event) => {
          const next = event.target.value as "editor" | "admin";
          setRole(next);
          run(() => setRevealPolicyAction({ role: next }), {
            success: "Saved who may reveal Secret values",
            failure: "Could not save",
          });
        }}
      >
        {CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </section>
  );
}
