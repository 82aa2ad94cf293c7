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

/**
 * A create dialog's buttons: Cancel, the server-side dry run, and the create, which stays
 * disabled until the current input has been previewed.
 */
export function PreviewFooter({
  onCancel,
  onPreview,
  onConfirm,
  pending,
  previewed,
  ready = true,
  testIds,
}: {
  onCancel: () => void;
  onPreview: () => void;
  onConfirm: () => void;
  pending: boolean;
  previewed: boolean;
  ready?: boolean;
  testIds: { preview: string; confirm: string };
}) {
  return (
    <>
      <Button variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button
        variant="secondary"
        onClick={onPreview}
        disabled={!ready}
        loading={pending && !previewed}
        data-testid={testIds.preview}
      >
        Preview (dry run)
      </Button>
      <Button
        onClick={onConfirm}
        disabled={!ready || !previewed}
        loading={pending && previewed}
        data-testid={testIds.confirm}
      >
        Create
      </Button>
    </>
  );
}
