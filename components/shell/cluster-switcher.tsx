"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef, type CSSProperties, type KeyboardEvent } from "react";
import { STATUS_TONE } from "@/components/clusters/format";
import type { ClusterHealthData } from "@/components/clusters/types";
import { useLiveClusters } from "@/components/clusters/use-live-clusters";
import { SelectChevron } from "@/components/ui/select-chevron";
import { clusterIdInPath, rememberCluster } from "@/lib/cluster-scope";
import { cn } from "@/lib/cn";

export type ShellCluster = { id: string; name: string; health: ClusterHealthData };

const DOT: Record<string, string> = {
  success: "bg-success",
  danger: "bg-danger",
  neutral: "bg-text-muted/60",
};

/**
 * The cluster the resource views are about: the one in the URL (/clusters/<id>/…), else the last
 * one chosen. Lists the org's clusters with live health dots. A native popover gives Escape and
 * light dismiss; arrow keys move through the list.
 */
export function ClusterSwitcher({
  clusters,
  rememberedId,
  menuId = "cluster-switcher-menu",
  testId = "cluster-switcher",
}: {
  clusters: ShellCluster[];
  rememberedId: string | null;
  menuId?: string;
  testId?: string;
}) {
  const pathname = usePathname();
  const live = useLiveClusters(clusters);
  const menuRef = useRef<HTMLDivElement>(null);
  const currentId = clusterIdInPath(pathname) ?? rememberedId;
  const current = live.find((cluster) => cluster.id === currentId) ?? null;
  const anchor = `--${menuId}`;

  function choose(id: string) {
    rememberCluster(id);
    menuRef.current?.hidePopover();
  }

  function onToggle(event: { newState?: string }) {
    if (event.newState !== "open") return;
    const items = menuItems(menuRef.current);
    (items.find((item) => item.getAttribute("aria-current") === "page") ?? items[0])?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Home" && event.key !== "End") return;
    event.preventDefault();
    const items = menuItems(menuRef.current);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next =
      event.key === "Home"
        ? 0
        : event.key === "End"
          ? items.length - 1
          : (index + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
    items[next]?.focus();
  }

  return (
    <div className="relative min-w-0">
      <button
        type="button"
        popoverTarget={menuId}
        data-testid={testId}
        aria-label={current ? `Cluster: ${current.name}, ${current.health.status}. Switch cluster` : "Choose a cluster"}
        style={{ anchorName: anchor } as CSSProperties}
        className={cn(
          "flex h-9 w-full min-w-0 items-center gap-2 rounded-md border border-border-strong bg-surface-raised px-2.5",
          "text-sm text-text transition-colors hover:bg-surface-sunken",
        )}
      >
        {current ? <HealthDot health={current.health} /> : null}
        <span
          className={cn("min-w-0 truncate", current ? "font-medium" : "text-text-muted")}
          data-testid="current-cluster"
        >
          {current ? current.name : clusters.length === 0 ? "No clusters yet" : "Choose a cluster"}
        </span>
        <SelectChevron className="ml-auto size-4 shrink-0 text-text-muted" />
      </button>
      <div
        id={menuId}
        ref={menuRef}
        popover="auto"
        onToggle={onToggle}
        onKeyDown={onKeyDown}
        data-testid={`${testId}-menu`}
        style={{ positionAnchor: anchor } as CSSProperties}
        className={cn(
          "m-0 mt-1 w-72 max-w-[calc(100vw-1.5rem)] rounded-lg border border-border bg-surface-raised p-1 text-sm text-text",
          "shadow-overlay [inset:auto] [top:anchor(bottom)] [left:anchor(left)]",
        )}
      >
        <p className="px-3 pt-2 pb-1 text-xs font-medium tracking-wide text-text-muted uppercase">Clusters</p>
        {clusters.length === 0 ? (
          <p className="px-3 py-2 text-text-muted">No clusters yet.</p>
        ) : (
          <ul className="max-h-80 overflow-y-auto">
            {live.map((cluster) => (
              <li key={cluster.id}>
                <Link
                  href={`/clusters/${cluster.id}`}
                  onClick={() => choose(cluster.id)}
                  aria-current={cluster.id === currentId ? "page" : undefined}
                  data-testid={`cluster-option-${cluster.name}`}
                  data-menu-item=""
                  className={cn(
                    "flex w-full min-w-0 items-center gap-2 rounded-md px-3 py-2 hover:bg-surface-sunken",
                    cluster.id === currentId && "bg-accent/8",
                  )}
                >
                  <HealthDot health={cluster.health} />
                  <span className="min-w-0 flex-1 truncate">{cluster.name}</span>
                  <span className="shrink-0 text-xs text-text-muted">{cluster.health.status}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-1 border-t border-border pt-1">
          <Link
            href={clusters.length === 0 ? "/clusters?add=1" : "/clusters"}
            onClick={() => menuRef.current?.hidePopover()}
            data-menu-item=""
            className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-accent hover:bg-surface-sunken"
          >
            {clusters.length === 0 ? "Add a cluster" : "All clusters"}
          </Link>
        </div>
      </div>
    </div>
  );
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return menu ? Array.from(menu.querySelectorAll<HTMLElement>("[data-menu-item]")) : [];
}

/** Colour plus the status word next to it (in the menu) or in the button's label: never colour alone. */
function HealthDot({ health }: { health: ClusterHealthData }) {
  return (
    <span
      aria-hidden="true"
      data-status={health.status}
      className={cn("size-2 shrink-0 rounded-full", DOT[STATUS_TONE[health.status]] ?? DOT.neutral)}
    />
  );
}
