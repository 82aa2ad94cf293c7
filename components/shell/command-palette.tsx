"use client";

import { Command } from "cmdk";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui";
import { cn } from "@/lib/cn";
import { pluralTitle } from "@/lib/resources/list-view";
import { type ObjectHit, type PaletteAction, parseActionQuery } from "@/lib/resources/palette";
import { KINDS, resourceName } from "@/lib/resources/registry";
import { isAlarming } from "@/lib/resources/list-view";
import { viewHref } from "@/lib/resources/view-state";
import type { ShellCluster } from "./cluster-switcher";
import { NAV_ITEMS } from "./nav-items";
import { GROUP_CLASS, kindActions, ObjectActions, type PaletteDialog, PaletteDialogs } from "./palette-actions";
import type { ShellView } from "./shell-viewer";
import { useObjectSearch } from "./use-object-search";

type Entry = { id: string; label: string; hint?: string; href: string };

/** Entries of each group shown for a query; the object search has its own bound on the server. */
const GROUP_LIMIT = 8;

/**
 * Cmd/Ctrl+K: jump to any cluster, kind, saved view, page, or object by name (searched on the
 * server over the member's clusters, as they may list them). A chosen object offers the actions
 * its kind allows (palette-actions.tsx); "scale web" searches "web" among scalable kinds and
 * offers Scale first.
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
  const [chosen, setChosen] = useState<{ hit: ObjectHit; first?: PaletteAction } | null>(null);
  const [dialog, setDialog] = useState<PaletteDialog | null>(null);
  // The highlighted entry, controlled so a chosen object's actions can lead with the first one
  // allowed once its access is known (cmdk would otherwise stay on the first enabled item, "Open").
  const [selected, setSelected] = useState("");
  const asked = parseActionQuery(query);
  const search = useObjectSearch(open && !chosen ? asked.text : "");
  // "scale web": only objects whose kind can be scaled.
  const hits = asked.action ? search.hits.filter((hit) => kindActions(hit)[asked.action!]) : search.hits;

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
    () =>
      chosen ? [] : staticGroups(query, clusters, views, pathCluster ?? currentClusterId ?? clusters[0]?.id ?? null),
    [chosen, query, clusters, views, pathCluster, currentClusterId],
  );
  const close = () => {
    setOpen(false);
    setQuery("");
    setChosen(null);
  };
  const go = (href: string) => {
    close();
    router.push(href);
  };
  const choose = (hit: ObjectHit) => {
    setChosen({ hit, ...(asked.action && { first: asked.action }) });
    setQuery("");
  };

  return (
    <>
      <Command.Dialog
        open={open}
        onOpenChange={(next) => (next ? setOpen(true) : close())}
        label="Command palette"
        shouldFilter={false}
        loop
        value={selected}
        onValueChange={setSelected}
        overlayClassName="fixed inset-0 z-50 bg-black/40"
        contentClassName="fixed top-[12vh] left-1/2 z-50 w-[min(40rem,calc(100vw-1.5rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-border bg-surface-raised shadow-overlay"
        data-testid="command-palette"
      >
        <Command.Input
          value={query}
          onValueChange={setQuery}
          onKeyDown={(event) => {
            // Backspace in an empty box goes back from an object's actions to the search.
            if (chosen && event.key === "Backspace" && query === "") setChosen(null);
          }}
          placeholder={
            chosen
              ? `Actions on ${chosen.hit.name} (Backspace to go back)`
              : "Jump to a cluster, kind, view, page or object — or type “scale web”…"
          }
          data-testid="command-input"
          className="h-12 w-full border-b border-border bg-transparent px-4 text-sm outline-none placeholder:text-text-muted"
        />
        <Command.List className="max-h-[60vh] overflow-y-auto p-2" data-testid="command-list">
          <Command.Empty className="px-3 py-6 text-center text-sm text-text-muted">
            {search.searching ? "Searching the clusters…" : "Nothing matches."}
          </Command.Empty>
          {chosen ? (
            <ObjectActions
              hit={chosen.hit}
              first={chosen.first}
              filter={query}
              navigate={go}
              openDialog={(next) => {
                close();
                setDialog(next);
              }}
              done={close}
              select={setSelected}
            />
          ) : null}
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
          {!chosen && hits.length > 0 ? (
            <Command.Group heading={asked.action ? `Objects to ${asked.action}` : "Objects"} className={GROUP_CLASS}>
              {hits.map((hit) => (
                <ObjectItem
                  key={`${hit.clusterId}/${hit.resource}/${hit.namespace ?? ""}/${hit.name}`}
                  hit={hit}
                  choose={choose}
                />
              ))}
            </Command.Group>
          ) : null}
          {!chosen && search.incomplete && !search.searching ? (
            <p className="px-3 py-2 text-xs text-text-muted" data-testid="command-incomplete">
              Some clusters did not answer in time; results may be missing.
            </p>
          ) : null}
          {search.searching && search.hits.length === 0 && groups.some((group) => group.entries.length > 0) ? (
            <p className="px-3 py-2 text-xs text-text-muted">Searching the clusters…</p>
          ) : null}
        </Command.List>
      </Command.Dialog>
      <PaletteDialogs dialog={dialog} onClose={() => setDialog(null)} />
    </>
  );
}

/** Any button may open the palette: `document.dispatchEvent(new Event(PALETTE_OPEN_EVENT))`. */
export const PALETTE_OPEN_EVENT = "pilothouse:palette";

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

/** Choosing an object shows its actions (Open first), rather than leaving at once. */
function ObjectItem({ hit, choose }: { hit: ObjectHit; choose: (hit: ObjectHit) => void }) {
  const id = `object:${hit.clusterId}/${hit.resource}/${hit.namespace ?? "-"}/${hit.name}`;
  return (
    <PaletteItem value={id} onSelect={() => choose(hit)} testId={`object-${hit.namespace ?? "-"}-${hit.name}`}>
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
