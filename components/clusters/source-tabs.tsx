"use client";

import type { KeyboardEvent, ReactNode } from "react";
import { cn } from "@/lib/cn";

export type SourceTab = "kubeconfig" | "token";

const TABS: { id: SourceTab; label: string }[] = [
  { id: "kubeconfig", label: "Kubeconfig" },
  { id: "token", label: "Token" },
];

/** Kubeconfig or server URL + token: two ways to hand over the same credential. */
export function SourceTabs({
  tab,
  onTab,
  idPrefix,
  children,
}: {
  tab: SourceTab;
  onTab: (tab: SourceTab) => void;
  idPrefix: string;
  children: ReactNode;
}) {
  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const next = TABS[(TABS.findIndex((item) => item.id === tab) + 1) % TABS.length]!.id;
    onTab(next);
    document.getElementById(`${idPrefix}-tab-${next}`)?.focus();
  }
  return (
    <div className="flex flex-col gap-4">
      <div
        role="tablist"
        aria-label="Credential source"
        onKeyDown={onKeyDown}
        className="flex gap-1 border-b border-border"
      >
        {TABS.map((item) => (
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
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium transition-colors",
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
