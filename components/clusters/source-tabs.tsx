"use client";

import type { KeyboardEvent, ReactNode } from "react";
import { cn } from "@/lib/cn";
import { CLOUD_CONNECTOR_NAMES, type CloudConnectorType } from "@/lib/wire/cloud-connectors";

export type SourceTab = "kubeconfig" | "token" | CloudConnectorType;

export const CREDENTIAL_TABS: readonly { id: SourceTab; label: string }[] = [
  { id: "kubeconfig", label: "Kubeconfig" },
  { id: "token", label: "Token" },
];

/** Adding a cluster also offers the cloud connectors, which mint their own tokens. */
export const ADD_CLUSTER_TABS: readonly { id: SourceTab; label: string }[] = [
  ...CREDENTIAL_TABS,
  { id: "eks", label: CLOUD_CONNECTOR_NAMES.eks },
  { id: "gke", label: CLOUD_CONNECTOR_NAMES.gke },
  { id: "aks", label: CLOUD_CONNECTOR_NAMES.aks },
];

/** Ways to hand over a cluster's credential: a kubeconfig, server URL + token, or a cloud connector. */
export function SourceTabs({
  tab,
  onTab,
  idPrefix,
  tabs = CREDENTIAL_TABS,
  children,
}: {
  tab: SourceTab;
  onTab: (tab: SourceTab) => void;
  idPrefix: string;
  tabs?: readonly { id: SourceTab; label: string }[];
  children: ReactNode;
}) {
  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const step = event.key === "ArrowRight" ? 1 : tabs.length - 1;
    const next = tabs[(tabs.findIndex((item) => item.id === tab) + step) % tabs.length]!.id;
    onTab(next);
    document.getElementById(`${idPrefix}-tab-${next}`)?.focus();
  }
  return (
    <div className="flex flex-col gap-4">
      <div
        role="tablist"
        aria-label="Credential source"
        onKeyDown={onKeyDown}
        className="flex gap-1 overflow-x-auto border-b border-border"
      >
        {tabs.map((item) => (
          <button
            key={item.id}
            id={`${idPrefix}-tab-${item.id}`}
            type="button"
            role="tab"
            aria-selected={tab === item.id}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={tab === item.id ? 0 : -1}
            data-testid={`${item.id}-tab`}
            onClick={() => onTab(item.id)}
            className={cn(
              "-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
              tab === item.id ? "border-accent text-text" : "border-transparent text-text-muted hover:text-text",
            )}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${tab}`}>
        {children}
      </div>
    </div>
  );
}
