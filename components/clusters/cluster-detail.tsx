"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { rememberCluster } from "@/lib/cluster-scope";
import { type ActiveClusterAction, ClusterActionDialogs } from "./cluster-action-dialogs";
import { ClusterCard } from "./cluster-card";
import type { ClusterManagement, ClusterSummary } from "./types";
import { useLiveClusters } from "./use-live-clusters";

/**
 * One cluster's page: its live card with the same actions as on the Clusters page. The resource
 * views (workloads, events, logs) arrive under /clusters/<id>/… and take it from here.
 */
export function ClusterDetail({ cluster, management }: { cluster: ClusterSummary; management: ClusterManagement }) {
  const router = useRouter();
  const [live] = useLiveClusters([cluster]);
  const [active, setActive] = useState<ActiveClusterAction>(null);
  // Opening a cluster's page is choosing it: the top bar's switcher remembers it on other pages.
  useEffect(() => rememberCluster(cluster.id), [cluster.id]);
  return (
    <>
      <ClusterCard
        cluster={live!}
        canManage={management.canManage}
        onAction={(action, target) => setActive({ action, cluster: target })}
      />
      <ClusterActionDialogs
        active={active}
        onClose={() => setActive(null)}
        onDeleted={() => router.replace("/clusters")}
      />
    </>
  );
}
