"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useTransition } from "react";
import type { ActionResult } from "@/lib/errors";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { useToast } from "./toast";

type Props = {
  open: boolean;
  onClose: () => void;
  /** Names the object: "Revoke the token “ci”?" */
  title: string;
  /** Says what is lost, in words. */
  description: ReactNode;
  confirmLabel: string;
  testId: string;
  confirmTestId: string;
  /** The server action to run; its failure message is shown as is. */
  action: () => Promise<ActionResult<unknown>>;
  success: { title: string; description?: string };
  failureTitle: string;
  className?: string;
  /** Destructive by default; "primary" for significant but reversible changes. */
  confirmVariant?: "danger" | "primary";
  /** After success; refreshes the page's server data unless given (e.g. leave a deleted thing's page). */
  onSuccess?: () => void;
  /** Extra content between the description and the buttons (a typed confirmation). */
  children?: ReactNode;
  /** False keeps the confirm button disabled (e.g. until the typed confirmation matches). */
  canConfirm?: boolean;
};

/**
 * Every destructive action asks first, naming the object, then reports its outcome as a toast
 * and refreshes the page's server data (every destructive action asks, naming the object).
 */
export function ConfirmDialog({
  open,
  onClose,
  action,
  success,
  failureTitle,
  confirmLabel,
  confirmTestId,
  confirmVariant = "danger",
  onSuccess,
  children,
  canConfirm = true,
  ...dialog
}: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const result = await action().catch(() => null);
      if (!result?.ok) {
        const message = result ? result.error.message : "Pilothouse could not be reached. Try again.";
        toast({ tone: "danger", title: failureTitle, description: message });
        return;
      }
      toast({ tone: "success", ...success });
      onClose();
      if (onSuccess) onSuccess();
      else router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={dialog.title}
      description={dialog.description}
      className={dialog.className}
      data-testid={dialog.testId}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button
            variant={confirmVariant}
            loading={pending}
            disabled={!canConfirm}
            onClick={confirm}
            data-testid={confirmTestId}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
