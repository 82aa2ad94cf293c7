"use client";

import { parseAsString, useQueryState } from "nuqs";
import type { ComponentType } from "react";
import { hasLogs, LogsTab } from "@/components/logs/logs-tab";
import { REVISION_KINDS, RevisionsTab } from "@/components/operations/revisions-tab";
import { SecretKeysTab } from "@/components/operations/secret-keys-tab";
import { YamlEditTab } from "@/components/operations/yaml-edit-tab";
import { hasTimeline, TimelineTab } from "@/components/timeline/timeline-tab";
import { cn } from "@/lib/cn";
import type { DetailContext } from "./detail-context";
import { EventsTab } from "./events-tab";
import { SummaryTab } from "./summary-tab";
import { YamlTab } from "./yaml-tab";

export type DetailTab = {
  /** The `?tab=` value. */
  id: string;
  label: string;
  /** Unset: every kind. */
  appliesTo?: (context: DetailContext) => boolean;
  Component: ComponentType<DetailContext>;
};

/**
 * The detail page's tabs, in order (an extension point: each tab is its own component file,
 * registered with one line here — Revisions from the operations work, Logs and Timeline from
 * the logs work).
 */
export const DETAIL_TABS: readonly DetailTab[] = [
  { id: "summary", label: "Summary", Component: SummaryTab },
  { id: "events", label: "Events", Component: EventsTab },
  { id: "yaml", label: "YAML", Component: YamlTab },
  { id: "logs", label: "Logs", appliesTo: hasLogs, Component: LogsTab },
  { id: "timeline", label: "Timeline", appliesTo: hasTimeline, Component: TimelineTab },
  {
    id: "revisions",
    label: "Revisions",
    appliesTo: (c) => REVISION_KINDS.includes(c.resource.kind),
    Component: RevisionsTab,
  },
  { id: "keys", label: "Keys", appliesTo: (c) => c.resource.kind === "Secret", Component: SecretKeysTab },
  { id: "edit", label: "Edit YAML", Component: YamlEditTab },
];

const TAB_PARAM = parseAsString.withDefault("summary").withOptions({ history: "push" });

/** Tabs whose choice lives in `?tab=` (a copied link opens the same tab). */
export function DetailTabs({ context, tabs = DETAIL_TABS }: { context: DetailContext; tabs?: readonly DetailTab[] }) {
  const [selected, setSelected] = useQueryState("tab", TAB_PARAM);
  const shown = tabs.filter((tab) => !tab.appliesTo || tab.appliesTo(context));
  const current = shown.find((tab) => tab.id === selected) ?? shown[0]!;
  return (
    <div className="min-w-0">
      <div role="tablist" aria-label="Object views" className="mb-4 flex gap-1 overflow-x-auto border-b border-border">
        {shown.map((tab) => {
          const active = tab.id === current.id;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`tab-${tab.id}`}
              aria-selected={active}
              aria-controls={`tabpanel-${tab.id}`}
              data-testid={`detail-tab-${tab.id}`}
              onClick={() => void setSelected(tab.id === "summary" ? null : tab.id)}
              className={cn(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                active ? "border-accent text-text" : "border-transparent text-text-muted hover:text-text",
              )}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`tabpanel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        <current.Component {...context} />
      </div>
    </div>
  );
}
