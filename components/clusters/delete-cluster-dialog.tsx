"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button, Dialog, useToast } from "@/components/ui";
import { deleteClusterAction } from "@/lib/actions/clusters";
import { describeError } from "./format";
import type { ClusterSummary } from "./types";

/** Names the cluster and says what is lost: the only copy of its credential. */
export function DeleteClusterDialog({ cluster, onClose }: { cluster: ClusterSummary; onClose: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const result = await deleteClusterAction({ id: cluster.id }).catch(() => null);
      if (result?.ok) {
        toast({
          tone: "success",
          title: `Cluster "${cluster.name}" deleted`,
          description: "Its stored credential was destroyed.",
        });
        router.refresh();
        onClose();
        return;
      }
      const error = result?.error ?? { message: "Pilothouse could not be reached. Try again." };
      toast({ tone: "danger", title: `Could not delete "${cluster.name}"`, description: describeError(error) });
    });
  }

  return (
    <Dialog
      open
      // Rendered inside the page (an empty state centres its text): reset the alignment.
      className="text-left"
      onClose={onClose}
      size="sm"
      data-testid="delete-cluster-dialog"
      title={`Delete cluster “${cluster.name}”?`}
      description="Pilothouse stops watching it and destroys its stored credential. The cluster itself is not touched; to add it back you will need the kubeconfig or token again."
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button variant="danger" data-testid="confirm-delete" loading={pending} onClick={confirm}>
            Delete {cluster.name}
          </Button>
        </>
      }
    />
  );
}
