"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode, Ref } from "react";
import { cn } from "@/lib/cn";
import { CloseIcon, LogoMark } from "./icons";
import { isNavItemActive, NAV_ITEMS } from "./nav-items";
import type { ShellView } from "./shell-viewer";

export type SidebarProps = {
  id: string;
  /** Only matters below the md breakpoint, where the sidebar becomes a drawer. */
  open: boolean;
  onClose: () => void;
  firstLinkRef?: Ref<HTMLAnchorElement>;
  /** Shown in the drawer on phones, where the top bar has no room for it. */
  clusterSwitcher?: ReactNode;
  /** Saved views: shared with the org, and the viewer's own private ones. */
  views?: readonly ShellView[];
};

export function Sidebar({ id, open, onClose, firstLinkRef, clusterSwitcher, views = [] }: SidebarProps) {
  const pathname = usePathname();
  return (
    <aside
      id={id}
      data-testid="sidebar"
      data-open={open || undefined}
      className={cn(
        "fixed inset-y-0 left-0 z-40 w-72 max-w-[85vw] flex-col border-r border-border bg-surface-raised shadow-overlay",
        "md:sticky md:top-0 md:z-auto md:flex md:h-dvh md:w-60 md:max-w-none md:shrink-0 md:shadow-none",
        open ? "flex" : "hidden",
      )}
    >
      <div className="flex h-14 items-center gap-2.5 border-b border-border px-4">
        <Link href="/" className="flex min-w-0 items-center gap-2.5 rounded-md text-accent" onClick={onClose}>
          <LogoMark />
          <span className="truncate text-[15px] font-semibold tracking-tight text-text">Pilothouse</span>
        </Link>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close navigation"
          className="ml-auto inline-flex size-9 items-center justify-center rounded-md text-text-muted hover:bg-surface-sunken md:hidden"
        >
          <CloseIcon />
        </button>
      </div>
      {clusterSwitcher ? <div className="border-b border-border p-3 sm:hidden">{clusterSwitcher}</div> : null}
      <nav aria-label="Main" className="flex-1 overflow-y-auto p-3">
        <ul className="flex flex-col gap-0.5">
          {NAV_ITEMS.map((item, index) => {
            const active = isNavItemActive(item.href, pathname);
            return (
              <li key={item.id}>
                <Link
                  href={item.href}
                  ref={index === 0 ? firstLinkRef : undefined}
                  data-testid={`nav-${item.id}`}
                  aria-current={active ? "page" : undefined}
                  // Closing on click (not on pathname change) avoids state updates in effects.
                  onClick={onClose}
                  className={cn(
                    "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                    active ? "bg-accent/10 text-accent" : "text-text-muted hover:bg-surface-sunken hover:text-text",
                  )}
                >
                  <item.icon />
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <SavedViewLinks views={views} pathname={pathname} onClose={onClose} />
      </nav>
    </aside>
  );
}

function SavedViewLinks({
  views,
  pathname,
  onClose,
}: {
  views: readonly ShellView[];
  pathname: string;
  onClose: () => void;
}) {
  const groups = [
    { title: "Shared views", testId: "sidebar-shared-views", views: views.filter((view) => view.shared) },
    { title: "My views", testId: "sidebar-my-views", views: views.filter((view) => !view.shared) },
  ].filter((group) => group.views.length > 0);
  return groups.map((group) => (
    <section key={group.title} aria-label={group.title} className="mt-5" data-testid={group.testId}>
      <h2 className="px-3 pb-1 text-xs font-medium tracking-wide text-text-muted uppercase">{group.title}</h2>
      <ul className="flex flex-col gap-0.5">
        {group.views.map((view) => {
          const href = `/views/${view.id}`;
          const active = pathname === href;
          return (
            <li key={view.id}>
              <Link
                href={href}
                onClick={onClose}
                aria-current={active ? "page" : undefined}
                title={`${view.name} (${view.resource})`}
                data-testid={`sidebar-view-${view.id}`}
                className={cn(
                  "block truncate rounded-md px-3 py-1.5 text-sm",
                  active ? "bg-accent/10 text-accent" : "text-text-muted hover:bg-surface-sunken hover:text-text",
                )}
              >
                {view.name}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  ));
}
