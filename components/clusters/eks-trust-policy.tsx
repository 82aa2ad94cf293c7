"use client";

import { useEffect, useState } from "react";
import { Button, useToast } from "@/components/ui";
import { eksAssumeRoleSetupAction, type EksAssumeRoleSetup } from "@/lib/actions/clusters";

type Setup =
  { state: "loading" } | { state: "ready"; setup: EksAssumeRoleSetup } | { state: "failed"; message: string };

/**
 * What the customer's role must trust: this organization's ExternalId and the trust policy
 * naming Pilothouse's AWS principal, ready to copy (docs/cloud-clusters.md). Neither is a secret.
 */
export function EksTrustPolicy() {
  const [setup, setSetup] = useState<Setup>({ state: "loading" });
  useEffect(() => {
    let current = true;
    void eksAssumeRoleSetupAction({})
      .catch(() => null)
      .then((result) => {
        if (!current) return;
        if (result?.ok) setSetup({ state: "ready", setup: result.data });
        else setSetup({ state: "failed", message: result?.error.message ?? "Pilothouse could not be reached." });
      });
    return () => {
      current = false;
    };
  }, []);

  if (setup.state === "loading")
    return <p className="text-xs text-text-muted">Reading this organization&apos;s ExternalId…</p>;
  if (setup.state === "failed") {
    return (
      <p role="alert" className="text-xs text-danger">
        {setup.message}
      </p>
    );
  }
  const { externalId, trustPolicy, problem } = setup.setup;
  const policy = JSON.stringify(trustPolicy, null, 2);
  return (
    <section
      data-testid="eks-trust-policy"
      aria-label="Trust policy for your role"
      className="flex flex-col gap-2 rounded-md border border-border bg-surface-sunken p-3"
    >
      {problem ? (
        <p role="status" className="text-xs text-warning">
          {problem}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-text-muted">ExternalId</span>
        <code data-testid="eks-external-id" className="font-mono text-xs break-all text-text">
          {externalId}
        </code>
        <CopyButton value={externalId} label="Copy ExternalId" testId="eks-external-id-copy" />
      </div>
      <p className="text-xs text-text-muted">
        Attach this trust policy to the role (IAM → Roles → Trust relationships). It lets Pilothouse assume the role for
        this organization only.
      </p>
      <pre
        data-testid="eks-trust-policy-json"
        className="max-h-56 overflow-auto rounded border border-border bg-surface p-2 font-mono text-xs text-text"
      >
        {policy}
      </pre>
      <div>
        <CopyButton value={policy} label="Copy trust policy" testId="eks-trust-policy-copy" />
      </div>
    </section>
  );
}

function CopyButton({ value, label, testId }: { value: string; label: string; testId: string }) {
  const { toast } = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      toast({ tone: "success", title: "Copied" });
    } catch {
      // Clipboard access can be refused (permissions, plain http): the text stays selectable.
      toast({ tone: "warning", title: "Could not copy automatically", description: "Select the text and copy it." });
    }
  }
  return (
    <Button size="sm" variant="secondary" data-testid={testId} onClick={copy}>
      {label}
    </Button>
  );
}
