"use client";

import type { ClusterCardAction } from "./cluster-card";
import { DeleteClusterDialog } from "./delete-cluster-dialog";
import { ImpersonationDialog } from "./impersonation-dialog";
import { RenameClusterDialog } from "./rename-cluster-dialog";
import { RotateCredentialDialog } from "./rotate-credential-dialog";
import type { ClusterSummary } from "./types";

export type ActiveClusterAction = { action: ClusterCardAction; cluster: ClusterSummary } | null;

/** The dialog of a card's action. Keyed by cluster so each starts blank; unmounted when closed so no secret lingers. */
export function ClusterActionDialogs({
  active,
  onClose,
  onDeleted,
}: {
  active: ActiveClusterAction;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  if (!active) return null;
  const { action, cluster } = active;
  if (action === "rename") return <RenameClusterDialog key={cluster.id} cluster={cluster} onClose={onClose} />;
  if (action === "rotate") return <RotateCredentialDialog key={cluster.id} cluster={cluster} onClose={onClose} />;
  if (action === "impersonation") return <ImpersonationDialog key={cluster.id} cluster={cluster} onClose={onClose} />;
  return <DeleteClusterDialog key={cluster.id} cluster={cluster} onClose={onClose} onDeleted={onDeleted} />;
}
