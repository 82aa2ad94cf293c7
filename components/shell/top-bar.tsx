import type { ReactNode, Ref } from "react";
import { LogoMark, MenuIcon } from "./icons";
import { OrgSwitcher } from "./org-switcher";
import type { ShellViewer } from "./shell-viewer";
import { PALETTE_OPEN_EVENT } from "./command-palette";
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
        <PaletteButton />
        <ThemeToggle />
        <UserMenu viewer={viewer} />
      </div>
    </header>
  );
}

/** Opens the command palette for those who do not know Cmd/Ctrl+K (or are on a phone). */
function PaletteButton() {
  return (
    <button
      type="button"
      onClick={() => document.dispatchEvent(new Event(PALETTE_OPEN_EVENT))}
      data-testid="command-palette-button"
      aria-label="Search and jump (Ctrl+K)"
      className="inline-flex h-9 items-center gap-2 rounded-md border border-border px-2.5 text-sm text-text-muted hover:bg-surface-sunken hover:text-text"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 20 20"
        className="size-4"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
      >
        <circle cx="9" cy="9" r="5.5" />
        <path d="m13.5 13.5 3.5 3.5" strokeLinecap="round" />
      </svg>
      <span className="hidden lg:inline">Search</span>
      <kbd className="hidden rounded-sm border border-border px-1 font-mono text-[10px] lg:inline">Ctrl K</kbd>
    </button>
  );
}
