"use client";

import { useState } from "react";
import { EmptyState } from "@/components/ui";
import { AddClusterButton } from "./add-cluster-button";
import { type ActiveClusterAction, ClusterActionDialogs } from "./cluster-action-dialogs";
import { ClusterCard } from "./cluster-card";
import type { ClusterManagement, ClusterSummary } from "./types";
import { useLiveClusters } from "./use-live-clusters";

/** Every cluster of the org as cards; health updates arrive over the socket without a reload. */
export function ClusterGrid({
  clusters,
  management,
  openAddInitially = false,
}: {
  clusters: ClusterSummary[];
  management: ClusterManagement;
  openAddInitially?: boolean;
}) {
  const live = useLiveClusters(clusters);
  const [active, setActive] = useState<ActiveClusterAction>(null);
  const close = () => setActive(null);

  if (live.length === 0) {
    return (
      <EmptyState
        data-testid="clusters-empty-state"
        title="No clusters yet — add your first cluster"
        description={
          <>
            <p>
              Paste or upload a kubeconfig and pick its contexts, or enter a server URL with a bearer token. Test the
              connection first: you will see the Kubernetes version and what the credential may do.
            </p>
            <p className="mt-2">
              The credential is stored encrypted on the server; your browser never talks to the cluster.
            </p>
          </>
        }
        action={<AddClusterButton management={management} openInitially={openAddInitially} />}
      />
    );
  }

  return (
    <>
      {!management.canManage ? (
        <p data-testid="clusters-readonly-note" className="mb-3 text-sm text-text-muted">
          You can see every cluster. Adding, renaming and deleting: {management.denial?.toLowerCase()}.
        </p>
      ) : null}
      <ul data-testid="clusters-grid" aria-label="Clusters" className="grid gap-4 md:grid-cols-2 2xl:grid-cols-3">
        {live.map((cluster) => (
          <li key={cluster.id} className="flex min-w-0">
            <ClusterCard
              cluster={cluster}
              canManage={management.canManage}
              onAction={(action, target) => setActive({ action, cluster: target })}
            />
          </li>
        ))}
      </ul>
      <ClusterActionDialogs active={active} onClose={close} />
    </>
  );
}
