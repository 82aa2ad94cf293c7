import type { Ref } from "react";
import { ClusterSwitcher } from "./cluster-switcher";
import { LogoMark, MenuIcon } from "./icons";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export type TopBarProps = {
  sidebarId: string;
  sidebarOpen: boolean;
  onMenuClick: () => void;
  menuButtonRef?: Ref<HTMLButtonElement>;
};

export function TopBar({ sidebarId, sidebarOpen, onMenuClick, menuButtonRef }: TopBarProps) {
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
      <ClusterSwitcher className="w-full max-w-64 flex-1 sm:flex-none" />
      <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
