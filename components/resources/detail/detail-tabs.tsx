"use client";

import { parseAsString, useQueryState } from "nuqs";
import { useEffect, useRef, useState, type ComponentType, type KeyboardEvent, type RefObject } from "react";
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
/** Room kept beside the active tab when the strip scrolls to it, so its neighbours show there is more. */
const KEEP_IN_VIEW_MARGIN = 32;

/**
 * Tabs whose choice lives in `?tab=` (a copied link opens the same tab). On a phone the strip
 * scrolls sideways on its own (never the page), keeps the active tab in view, and fades at an
 * edge where more tabs are; arrow keys move between tabs.
 */
export function DetailTabs({ context, tabs = DETAIL_TABS }: { context: DetailContext; tabs?: readonly DetailTab[] }) {
  const [selected, setSelected] = useQueryState("tab", TAB_PARAM);
  const shown = tabs.filter((tab) => !tab.appliesTo || tab.appliesTo(context));
  const current = shown.find((tab) => tab.id === selected) ?? shown[0]!;
  const strip = useRef<HTMLDivElement>(null);
  const shownKey = shown.map((tab) => tab.id).join(",");
  const edges = useScrollEdges(strip, shownKey);
  useKeepActiveInView(strip, `${current.id}|${shownKey}`);
  const select = (id: string) => void setSelected(id === "summary" ? null : id);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = shown.indexOf(current);
    const next = {
      ArrowRight: shown[(index + 1) % shown.length],
      ArrowLeft: shown[(index - 1 + shown.length) % shown.length],
      Home: shown[0],
      End: shown.at(-1),
    }[event.key];
    if (!next) return;
    event.preventDefault();
    select(next.id);
    strip.current?.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus();
  };

  return (
    <div className="min-w-0">
      <div className="relative mb-4 min-w-0">
        <div
          ref={strip}
          role="tablist"
          aria-label="Object views"
          data-testid="detail-tabs"
          onKeyDown={onKeyDown}
          // The rule under the tabs is a shadow, not a border: the active tab's own border covers it,
          // and nothing hangs below the scrolling strip (no vertical scroll of 1 px).
          className="relative flex gap-1 overflow-x-auto overscroll-x-contain shadow-[inset_0_-1px_0_var(--color-border)] [scrollbar-width:none]"
        >
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
                tabIndex={active ? 0 : -1}
                data-testid={`detail-tab-${tab.id}`}
                onClick={() => select(tab.id)}
                className={cn(
                  "shrink-0 rounded-t-md border-b-2 px-3 py-2 text-sm whitespace-nowrap",
                  active
                    ? "border-accent bg-accent/8 font-semibold text-accent"
                    : "border-transparent font-medium text-text-muted hover:border-border-strong hover:text-text",
                )}
              >
                {tab.label}
              </button>
            );
          })}
        </div>
        <EdgeFade side="start" shown={edges.start} />
        <EdgeFade side="end" shown={edges.end} />
      </div>
      <div role="tabpanel" id={`tabpanel-${current.id}`} aria-labelledby={`tab-${current.id}`} className="min-w-0">
        <current.Component {...context} />
      </div>
    </div>
  );
}

/** A fade over the strip's edge where more tabs are, so a phone shows that it scrolls. */
function EdgeFade({ side, shown }: { side: "start" | "end"; shown: boolean }) {
  if (!shown) return null;
  return (
    <span
      aria-hidden="true"
      data-testid={`detail-tabs-more-${side}`}
      className={cn(
        "pointer-events-none absolute inset-y-0 w-10 from-surface to-transparent",
        side === "start" ? "left-0 bg-linear-to-r" : "right-0 bg-linear-to-l",
      )}
    />
  );
}

/** Scroll the strip (only the strip: never the page) so the active tab and a little beyond it show. */
function useKeepActiveInView(strip: RefObject<HTMLDivElement | null>, key: string) {
  useEffect(() => {
    const list = strip.current;
    const tab = list?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (!list || !tab) return;
    const start = tab.offsetLeft - KEEP_IN_VIEW_MARGIN;
    const end = tab.offsetLeft + tab.offsetWidth + KEEP_IN_VIEW_MARGIN;
    if (start < list.scrollLeft) list.scrollTo({ left: Math.max(0, start) });
    else if (end > list.scrollLeft + list.clientWidth) list.scrollTo({ left: end - list.clientWidth });
  }, [strip, key]);
}

/** Whether the strip has more tabs out of sight before and after what it shows. */
function useScrollEdges(strip: RefObject<HTMLDivElement | null>, key: string) {
  const [edges, setEdges] = useState({ start: false, end: false });
  useEffect(() => {
    const list = strip.current;
    if (!list) return;
    const update = () => {
      const start = list.scrollLeft > 1;
      const end = list.scrollLeft + list.clientWidth < list.scrollWidth - 1;
      setEdges((previous) => (previous.start === start && previous.end === end ? previous : { start, end }));
    };
    list.addEventListener("scroll", update, { passive: true });
    // Fires once on observe too: the first measure.
    const observer = new ResizeObserver(update);
    observer.observe(list);
    return () => {
      list.removeEventListener("scroll", update);
      observer.disconnect();
    };
  }, [strip, key]);
  return edges;
}
