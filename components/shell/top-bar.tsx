import type { Ref } from "react";
import { ClusterSwitcher } from "./cluster-switcher";
import { LogoMark, MenuIcon } from "./icons";
import { OrgSwitcher } from "./org-switcher";
import type { ShellViewer } from "./shell-viewer";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export type TopBarProps = {
  sidebarId: string;
  sidebarOpen: boolean;
  onMenuClick: () => void;
  menuButtonRef?: Ref<HTMLButtonElement>;
  viewer: ShellViewer;
};

export function TopBar({ sidebarId, sidebarOpen, onMenuClick, menuButtonRef, viewer }: TopBarProps) {
  return (
    <header
      data-testid="topbar"
      className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-border bg-surface/85 px-3 backdrop-blur sm:gap-3 sm:px-4"
    >
      <button
        ref={menuButtonRef}
        type="button"
        data-testid="nav-menu-button"
        aria-label="Open navigation"
        aria-controls={sidebarId}
        aria-expanded={sidebarOpen}
        onClick={onMenuClick}
        className="inline-flex size-9 shrink-0 items-center justify-center rounded-md text-text-muted hover:bg-surface-sunken hover:text-text md:hidden"
      >
        <MenuIcon />
      </button>
      <span className="shrink-0 text-accent md:hidden">
        <LogoMark />
        <span className="sr-only">Pilothouse</span>
      </span>
      <OrgSwitcher viewer={viewer} className="max-w-72 flex-1 sm:flex-none" />
      {/* Below sm there is room for one switcher; the org (and the role in it) matters more. */}
      <ClusterSwitcher className="hidden w-full max-w-64 sm:block sm:flex-none" />
      <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
        <ThemeToggle />
        <UserMenu viewer={viewer} />
      </div>
    </header>
  );
}
