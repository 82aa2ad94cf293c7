import type { ReactNode, Ref } from "react";
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
  clusterSwitcher: ReactNode;
};

export function TopBar({ sidebarId, sidebarOpen, onMenuClick, menuButtonRef, viewer, clusterSwitcher }: TopBarProps) {
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
      {/* Below sm the org's name needs the room; the drawer carries the logo. */}
      <span className="hidden shrink-0 text-accent sm:inline md:hidden">
        <LogoMark />
        <span className="sr-only">Pilothouse</span>
      </span>
      <OrgSwitcher viewer={viewer} className="min-w-0 flex-1 sm:max-w-72 sm:flex-none" />
      {/* Below sm there is room for one switcher here; the cluster switcher moves into the drawer. */}
      <div className="hidden w-full max-w-64 min-w-0 sm:block sm:flex-none">{clusterSwitcher}</div>
      <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
        <ThemeToggle />
        <UserMenu viewer={viewer} />
      </div>
    </header>
  );
}
