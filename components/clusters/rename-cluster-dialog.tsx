"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button, Dialog, Input, useToast } from "@/components/ui";
import { renameClusterAction } from "@/lib/actions/clusters";
import { FormError } from "./form-error";
import { fieldMessage } from "./format";
import type { ClusterSummary, FieldError } from "./types";
import { validateClusterName } from "./validate";

export function RenameClusterDialog({ cluster, onClose }: { cluster: ClusterSummary; onClose: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const [name, setName] = useState(cluster.name);
  const [error, setError] = useState<FieldError | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = validateClusterName(name);
    if (problem) return setError({ path: "name", message: problem });
    if (name.trim() === cluster.name) return onClose();
    setError(null);
    startTransition(async () => {
      const result = await renameClusterAction({ id: cluster.id, name: name.trim() }).catch(() => null);
      if (result?.ok) {
        toast({ tone: "success", title: `Renamed "${cluster.name}" to "${result.data.name}"` });
        router.refresh();
        onClose();
        return;
      }
      // Shown under the field (or in the form); a toast would say it twice.
      setError(result?.error ?? { message: "Pilothouse could not be reached. Try again." });
    });
  }

  return (
    <Dialog
      open
      className="text-left"
      onClose={onClose}
      size="sm"
      title={`Rename ${cluster.name}`}
      data-testid="rename-cluster-dialog"
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Input
          label="Name"
          data-testid="rename-input"
          maxLength={63}
          autoComplete="off"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={error?.path === "name" ? fieldMessage(error) : undefined}
          disabled={pending}
        />
        {error && error.path !== "name" ? <FormError error={error} /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" data-testid="rename-submit" loading={pending}>
            Rename
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
