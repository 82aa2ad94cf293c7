"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { Input } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteObjectAction } from "@/lib/actions/operations";
import { OperationButton } from "./operation-button";
import { targetOf, useOperationAccess } from "./use-operation-access";

/** Delete with a typed confirmation naming the object (a pod: its controller starts a new one). */
export function DeleteAction(context: DetailContext) {
  const access = useOperationAccess(context);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const router = useRouter();
  const isPod = context.resource.kind === "Pod";
  return (
    <>
      <OperationButton
        access={access}
        action="delete"
        label={isPod ? "Delete pod" : "Delete"}
        onClick={() => setOpen(true)}
        testId="action-delete"
      />
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${context.resource.kind} ${context.name}?`}
        description={
          isPod
            ? "A pod with a controller is replaced by a new one; a bare pod is gone."
            : "This cannot be undone from Pilothouse."
        }
        confirmLabel={`Delete ${context.name}`}
        testId="delete-dialog"
        confirmTestId="delete-confirm"
        canConfirm={typed === context.name}
        action={() =>
          deleteObjectAction({
            target: targetOf(context),
            // A pod's status changes all the time; its version would make the delete fail for nothing.
            ...(!isPod && { resourceVersion: context.object?.metadata?.resourceVersion }),
          })
        }
        success={{ title: `Deleted ${context.name}` }}
        failureTitle={`Could not delete ${context.name}`}
        onSuccess={() => router.refresh()}
      >
        <Input
          label={`Type ${context.name} to confirm`}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </ConfirmDialog>
    </>
  );
}
