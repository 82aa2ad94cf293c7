"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui";
import { AddClusterDialog } from "./add-cluster-dialog";
import type { ClusterManagement } from "./types";

/** The "Add cluster" control: opens the dialog for managers, and says why not to everyone else. */
export function AddClusterButton({
  management,
  openInitially = false,
}: {
  management: ClusterManagement;
  openInitially?: boolean;
}) {
  const [open, setOpen] = useState(openInitially && management.canManage);
  const noteId = useId();
  if (!management.canManage) {
    return (
      <div className="flex flex-col items-center gap-1 sm:items-end">
        <Button data-testid="add-cluster-button" disabled title={management.denial} aria-describedby={noteId}>
          Add cluster
        </Button>
        <p id={noteId} className="text-xs text-text-muted">
          {management.denial} to add clusters.
        </p>
      </div>
    );
  }
  return (
    <>
      <Button data-testid="add-cluster-button" onClick={() => setOpen(true)}>
        Add cluster
      </Button>
      {/* Mounted only while open: closing forgets the pasted credential. */}
      {open ? <AddClusterDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
