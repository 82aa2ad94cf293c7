"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteClusterAction } from "@/lib/actions/clusters";
import type { ClusterSummary } from "./types";

/** Names the cluster and says what is lost: the only copy of its credential. */
export function DeleteClusterDialog({
  cluster,
  onClose,
  onDeleted,
}: {
  cluster: ClusterSummary;
  onClose: () => void;
  /** Where to go once it is gone (its own page has nothing left to show). */
  onDeleted?: () => void;
}) {
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      // Rendered inside the page (an empty state centres its text): reset the alignment.
      className="text-left"
      testId="delete-cluster-dialog"
      confirmTestId="confirm-delete"
      title={`Delete cluster “${cluster.name}”?`}
      description="Pilothouse stops watching it and destroys its stored credential. The cluster itself is not touched; to add it back you will need the kubeconfig or token again."
      confirmLabel={`Delete ${cluster.name}`}
      action={() => deleteClusterAction({ id: cluster.id })}
      success={{ title: `Cluster "${cluster.name}" deleted`, description: "Its stored credential was destroyed." }}
      failureTitle={`Could not delete "${cluster.name}"`}
      onSuccess={onDeleted}
    />
  );
}
