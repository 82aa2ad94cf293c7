import type { ReactNode } from "react";
import { Button } from "@/components/ui";

/** An operation dialog's buttons: Cancel, and the action, which names what it does. */
export function OperationFooter({
  onCancel,
  onConfirm,
  label,
  testId,
  pending = false,
  disabled = false,
}: {
  onCancel: () => void;
  onConfirm: () => void;
  label: ReactNode;
  testId: string;
  pending?: boolean;
  disabled?: boolean;
}) {
  return (
    <>
      <Button variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button onClick={onConfirm} disabled={disabled} loading={pending} data-testid={testId}>
        {label}
      </Button>
    </>
  );
}
