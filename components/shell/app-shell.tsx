"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { AccessWatcher } from "./access-watcher";
import { ClusterSwitcher } from "./cluster-switcher";
import { CommandPalette } from "./command-palette";
import type { ShellCluster } from "./cluster-switcher";
import type { ShellView, ShellViewer } from "./shell-viewer";
import { Sidebar } from "./sidebar";
import { TopBar } from "./top-bar";
import { ViewsWatcher } from "./views-watcher";

const SIDEBAR_ID = "app-sidebar";

/**
 * The authenticated frame. Client-side only for the mobile drawer state; page content passes
 * through as children and stays a server component.
 */
export function AppShell({
  viewer,
  clusters,
  views,
  rememberedClusterId,
  children,
}: {
  viewer: ShellViewer;
  clusters: ShellCluster[];
  views: ShellView[];
  rememberedClusterId: string | null;
  children: ReactNode;
}) {
  const [navOpen, setNavOpen] = useState(false);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const firstLinkRef = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (!navOpen) return;
    // Move focus into the drawer so keyboard users land on the links they asked for.
    firstLinkRef.current?.focus();
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      setNavOpen(false);
      menuButtonRef.current?.focus();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [navOpen]);

  return (
    <div data-testid="app-shell" className="flex min-h-dvh bg-surface">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-accent px-3 py-2 text-sm font-medium text-accent-contrast focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      {navOpen ? (
        <div
          aria-hidden="true"
          data-testid="nav-backdrop"
          onClick={() => setNavOpen(false)}
          className="fixed inset-0 z-30 bg-black/40 md:hidden"
        />
      ) : null}
      {/* Keyed by org: switching orgs opens a socket that authenticates for the new one. */}
      <AccessWatcher key={viewer.org.id} />
      <ViewsWatcher orgId={viewer.org.id} />
      <CommandPalette clusters={clusters} views={views} currentClusterId={rememberedClusterId} />
      <Sidebar
        id={SIDEBAR_ID}
        open={navOpen}
        onClose={() => setNavOpen(false)}
        firstLinkRef={firstLinkRef}
        views={views}
        clusterSwitcher={
          <ClusterSwitcher
            clusters={clusters}
            rememberedId={rememberedClusterId}
            menuId="cluster-switcher-menu-drawer"
            testId="cluster-switcher-drawer"
          />
        }
      />
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar
          sidebarId={SIDEBAR_ID}
          sidebarOpen={navOpen}
          onMenuClick={() => setNavOpen((open) => !open)}
          menuButtonRef={menuButtonRef}
          viewer={viewer}
          clusterSwitcher={<ClusterSwitcher clusters={clusters} rememberedId={rememberedClusterId} />}
        />
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8"
        >
          {children}
        </main>
      </div>
    </div>
  );
}
