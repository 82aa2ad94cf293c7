"use client";

import { Command } from "cmdk";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui";
import { cn } from "@/lib/cn";
import { pluralTitle } from "@/lib/resources/list-view";
import { hitHref, type ObjectHit } from "@/lib/resources/palette";
import { KINDS, resourceName } from "@/lib/resources/registry";
import { isAlarming } from "@/lib/resources/list-view";
import { viewHref } from "@/lib/resources/view-state";
import type { ShellCluster } from "./cluster-switcher";
import { NAV_ITEMS } from "./nav-items";
import type { ShellView } from "./shell-viewer";
import { useObjectSearch } from "./use-object-search";

type Entry = { id: string; label: string; hint?: string; href: string };

/** Entries of each group shown for a query; the object search has its own bound on the server. */
const GROUP_LIMIT = 8;

/**
 * Cmd/Ctrl+K: jump to any cluster, kind, saved view, page, or object by name (searched on the
 * server over the member's clusters, as they may list them). Mutating actions come later.
 */
export function CommandPalette({
  clusters,
  views,
  currentClusterId,
}: {
  clusters: readonly ShellCluster[];
  views: readonly ShellView[];
  currentClusterId: string | null;
}) {
  const router = useRouter();
  // On a cluster's pages, kinds lead to that cluster; elsewhere to the one last picked.
  const pathCluster = /^\/clusters\/([0-9a-f-]{36})/.exec(usePathname())?.[1];
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const search = useObjectSearch(open ? query : "");

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((wasOpen) => !wasOpen);
      }
    };
    const onOpen = () => setOpen(true);
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener(PALETTE_OPEN_EVENT, onOpen);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener(PALETTE_OPEN_EVENT, onOpen);
    };
  }, []);

  const groups = useMemo(
    () => staticGroups(query, clusters, views, pathCluster ?? currentClusterId ?? clusters[0]?.id ?? null),
    [query, clusters, views, pathCluster, currentClusterId],
  );
  const go = (href: string) => {
    setOpen(false);
    setQuery("");
    router.push(href);
  };

  return (
    <Command.Dialog
      open={open}
      onOpenChange={setOpen}
      label="Command palette"
      shouldFilter={false}
      loop
      overlayClassName="fixed inset-0 z-50 bg-black/40"
      contentClassName="fixed top-[12vh] left-1/2 z-50 w-[min(40rem,calc(100vw-1.5rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-border bg-surface-raised shadow-overlay"
      data-testid="command-palette"
    >
      <Command.Input
        value={query}
        onValueChange={setQuery}
        placeholder="Jump to a cluster, kind, view, page or object by name…"
        data-testid="command-input"
        className="h-12 w-full border-b border-border bg-transparent px-4 text-sm outline-none placeholder:text-text-muted"
      />
      <Command.List className="max-h-[60vh] overflow-y-auto p-2" data-testid="command-list">
        <Command.Empty className="px-3 py-6 text-center text-sm text-text-muted">
          {search.searching ? "Searching the clusters…" : "Nothing matches."}
        </Command.Empty>
        {groups.map((group) =>
          group.entries.length > 0 ? (
            <Command.Group key={group.title} heading={group.title} className={GROUP_CLASS}>
              {group.entries.map((entry) => (
                <PaletteItem key={entry.id} value={entry.id} onSelect={() => go(entry.href)} testId={entry.id}>
                  <span className="truncate">{entry.label}</span>
                  {entry.hint ? <span className="ml-auto shrink-0 text-xs text-text-muted">{entry.hint}</span> : null}
                </PaletteItem>
              ))}
            </Command.Group>
          ) : null,
        )}
        {search.hits.length > 0 ? (
          <Command.Group heading="Objects" className={GROUP_CLASS}>
            {search.hits.map((hit) => (
              <ObjectItem
                key={`${hit.clusterId}/${hit.resource}/${hit.namespace ?? ""}/${hit.name}`}
                hit={hit}
                go={go}
              />
            ))}
          </Command.Group>
        ) : null}
        {search.incomplete && !search.searching ? (
          <p className="px-3 py-2 text-xs text-text-muted" data-testid="command-incomplete">
            Some clusters did not answer in time; results may be missing.
          </p>
        ) : null}
        {search.searching && search.hits.length === 0 && groups.some((group) => group.entries.length > 0) ? (
          <p className="px-3 py-2 text-xs text-text-muted">Searching the clusters…</p>
        ) : null}
      </Command.List>
    </Command.Dialog>
  );
}

/** Any button may open the palette: `document.dispatchEvent(new Event(PALETTE_OPEN_EVENT))`. */
export const PALETTE_OPEN_EVENT = "pilothouse:palette";

const GROUP_CLASS =
  "[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-text-muted [&_[cmdk-group-heading]]:uppercase";

function PaletteItem({
  value,
  onSelect,
  testId,
  children,
}: {
  value: string;
  onSelect: () => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Command.Item
      value={value}
      onSelect={onSelect}
      data-testid={`command-item-${testId}`}
      className={cn(
        "flex cursor-pointer items-center gap-2 rounded-md px-2 py-2 text-sm text-text",
        "data-[selected=true]:bg-accent/10 data-[selected=true]:text-accent",
      )}
    >
      {children}
    </Command.Item>
  );
}

function ObjectItem({ hit, go }: { hit: ObjectHit; go: (href: string) => void }) {
  const id = `object:${hit.clusterId}/${hit.resource}/${hit.namespace ?? "-"}/${hit.name}`;
  return (
    <PaletteItem value={id} onSelect={() => go(hitHref(hit))} testId={`object-${hit.namespace ?? "-"}-${hit.name}`}>
      <span className="w-24 shrink-0 truncate text-xs text-text-muted">{hit.kind}</span>
      <span className="min-w-0 truncate font-medium">{hit.name}</span>
      {isAlarming(hit.status.tone) ? (
        <Badge tone={hit.status.tone === "error" ? "danger" : "warning"} dot>
          {hit.status.label}
        </Badge>
      ) : null}
      <span className="ml-auto shrink-0 truncate text-xs text-text-muted">
        {[hit.namespace, hit.clusterName].filter(Boolean).join(" · ")}
      </span>
    </PaletteItem>
  );
}

function staticGroups(
  rawQuery: string,
  clusters: readonly ShellCluster[],
  views: readonly ShellView[],
  clusterId: string | null,
): { title: string; entries: Entry[] }[] {
  const query = rawQuery.trim().toLowerCase();
  const matches = (entry: Entry) =>
    !query || entry.label.toLowerCase().includes(query) || entry.hint?.toLowerCase().includes(query);
  const pick = (entries: Entry[]) => entries.filter(matches).slice(0, query ? GROUP_LIMIT : 5);
  const clusterName = clusters.find((cluster) => cluster.id === clusterId)?.name;
  return [
    {
      title: "Clusters",
      entries: pick(
        clusters.map((cluster) => ({
          id: `cluster-${cluster.id}`,
          label: cluster.name,
          href: `/clusters/${cluster.id}`,
        })),
      ),
    },
    {
      title: "Saved views",
      entries: pick(
        views.map((view) => ({
          id: `view-${view.id}`,
          label: view.name,
          hint: view.shared ? "Shared" : "Mine",
          href: viewHref(view.id),
        })),
      ),
    },
    {
      title: clusterName ? `Kinds on ${clusterName}` : "Kinds",
      entries: clusterId
        ? pick(
            KINDS.map((kind) => {
              const name = resourceName(kind.group, kind.plural);
              return {
                id: `kind-${name}`,
                label: pluralTitle(kind.kind),
                hint: name,
                href: `/clusters/${clusterId}/${name}`,
              };
            }),
          )
        : [],
    },
    {
      title: "Go to",
      entries: pick(NAV_ITEMS.map((item) => ({ id: `page-${item.id}`, label: item.label, href: item.href }))),
    },
  ];
}
