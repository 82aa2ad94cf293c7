"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui";
import { KubeconfigPanel } from "./kubeconfig-panel";
import { SourceTabs, type SourceTab } from "./source-tabs";
import { TokenPanel } from "./token-panel";

/** Two ways to hand over a cluster: a kubeconfig (one or several contexts) or a server URL with a token. */
export function AddClusterDialog({ onClose }: { onClose: () => void }) {
  const [tab, setTab] = useState<SourceTab>("kubeconfig");
  return (
    <Dialog
      open
      // Rendered inside the page (an empty state centres its text): reset the alignment.
      className="text-left"
      onClose={onClose}
      size="lg"
      closeOnBackdrop={false}
      data-testid="add-cluster-dialog"
      title="Add a cluster"
      description="Pilothouse keeps the credential on the server, encrypted. Your browser never talks to the cluster."
    >
      <SourceTabs tab={tab} onTab={setTab} idPrefix="add">
        {tab === "kubeconfig" ? <KubeconfigPanel onDone={onClose} /> : <TokenPanel onDone={onClose} />}
      </SourceTabs>
    </Dialog>
  );
}
