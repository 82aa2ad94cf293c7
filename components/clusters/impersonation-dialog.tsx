"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { setClusterImpersonationAction } from "@/lib/actions/clusters";
import type { ClusterSummary } from "./types";

/** Switch between acting as the stored credential and acting as each person (docs/security.md §4). */
export function ImpersonationDialog({ cluster, onClose }: { cluster: ClusterSummary; onClose: () => void }) {
  const turningOn = !cluster.impersonate;
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      className="text-left"
      confirmVariant="primary"
      testId="impersonation-dialog"
      confirmTestId="impersonation-confirm"
      title={
        turningOn ? `Act as each person on “${cluster.name}”?` : `Act as the stored credential on “${cluster.name}”?`
      }
      description={
        turningOn
          ? "Pilothouse will send requests as pilothouse:<their email> in the group pilothouse:<their role>, so the cluster's own RBAC decides what each person may do and its audit log names them. The stored credential must be allowed to impersonate users and groups; Pilothouse checks that first."
          : "Everyone's requests will use the stored credential again; only Pilothouse roles limit what people may do."
      }
      confirmLabel={turningOn ? "Act as each person" : "Use the stored credential"}
      action={() => setClusterImpersonationAction({ id: cluster.id, impersonate: turningOn })}
      success={{
        title: turningOn ? `${cluster.name} now acts as each person` : `${cluster.name} now uses its stored credential`,
      }}
      failureTitle={`Could not change how ${cluster.name} acts`}
    />
  );
}
