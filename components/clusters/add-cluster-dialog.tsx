"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui";
import type { CloudConnectorSuggestion } from "@/lib/wire/cloud-connectors";
import { connectorFromSuggestion, type ConnectorValues, emptyConnector } from "./connector-form";
import { ConnectorPanel } from "./connector-panel";
import { KubeconfigPanel } from "./kubeconfig-panel";
import { ADD_CLUSTER_TABS, SourceTabs, type SourceTab } from "./source-tabs";
import { TokenPanel } from "./token-panel";

/** A connector form's starting values; `version` remounts the form when a new prefill arrives. */
type Prefill = { values: ConnectorValues; version: number };

/**
 * Ways to hand over a cluster: a kubeconfig (one or several contexts), a server URL with a token,
 * or a cloud connector (EKS, GKE, AKS). A cloud's own kubeconfig is refused (it signs in by
 * running a command) with the connector that fits, which opens here prefilled from it.
 */
export function AddClusterDialog({ onClose }: { onClose: () => void }) {
  const [tab, setTab] = useState<SourceTab>("kubeconfig");
  const [prefill, setPrefill] = useState<Prefill | null>(null);

  function openConnector(suggestion: CloudConnectorSuggestion) {
    setPrefill((current) => ({ values: connectorFromSuggestion(suggestion), version: (current?.version ?? 0) + 1 }));
    setTab(suggestion.type);
  }

  function panel() {
    if (tab === "kubeconfig") return <KubeconfigPanel onDone={onClose} onUseConnector={openConnector} />;
    if (tab === "token") return <TokenPanel onDone={onClose} />;
    const initial = prefill?.values.type === tab ? prefill.values : emptyConnector(tab);
    return <ConnectorPanel key={`${tab}-${prefill?.version ?? 0}`} initial={initial} onDone={onClose} />;
  }

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
      <SourceTabs tab={tab} onTab={setTab} idPrefix="add" tabs={ADD_CLUSTER_TABS}>
        {panel()}
      </SourceTabs>
    </Dialog>
  );
}
