"use client";

import { useId } from "react";
import { Button } from "@/components/ui";
import type { OperationAccess } from "@/lib/operations/types";

/**
 * A header action's button: disabled, with the reason beside it for screen readers and as a
 * tooltip, when the role or the cluster's RBAC does not allow it; disabled while access is asked.
 */
export function OperationButton({
  access,
  action,
  label,
  onClick,
  testId,
}: {
  access: OperationAccess | null;
  action: keyof OperationAccess;
  label: string;
  onClick: () => void;
  testId: string;
}) {
  const reasonId = useId();
  const verdict = access?.[action];
  const reason = access === null ? "Checking access…" : verdict?.allowed ? undefined : verdict?.reason;
  return (
    <span className="inline-flex">
      <Button
        variant="secondary"
        size="sm"
        disabled={reason !== undefined}
        title={reason}
        aria-describedby={reason ? reasonId : undefined}
        onClick={onClick}
        data-testid={testId}
      >
        {label}
      </Button>
      {reason ? (
        <span id={reasonId} className="sr-only" data-testid={`${testId}-reason`}>
          {reason}
        </span>
      ) : null}
    </span>
  );
}
