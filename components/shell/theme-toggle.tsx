"use client";

import { useSyncExternalStore } from "react";
import { cn } from "@/lib/cn";
import { MoonIcon, SunIcon } from "./icons";
import { readTheme, setTheme, type Theme } from "./theme";

// The theme lives on <html data-theme> (set before paint by the init script), not in React
// state, so the toggle subscribes to that attribute instead of keeping a second copy.
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => observer.disconnect();
}

// The server cannot know the theme; null keeps the first client render identical to the HTML.
function getServerTheme(): Theme | null {
  return null;
}

export function ThemeToggle({ className }: { className?: string }) {
  const theme = useSyncExternalStore<Theme | null>(subscribe, readTheme, getServerTheme);
  const next: Theme = theme === "dark" ? "light" : "dark";
  const label = theme ? `Switch to ${next} theme` : "Toggle theme";

  return (
    <button
      type="button"
      data-testid="theme-toggle"
      data-theme-current={theme ?? undefined}
      aria-label={label}
      title={label}
      onClick={() => setTheme(readTheme() === "dark" ? "light" : "dark")}
      className={cn(
        "inline-flex size-9 items-center justify-center rounded-md text-text-muted",
        "transition-colors hover:bg-surface-sunken hover:text-text",
        className,
      )}
    >
      {/* CSS picks the icon, so it is right on first paint even before hydration. */}
      <MoonIcon className="size-[18px] dark:hidden" />
      <SunIcon className="hidden size-[18px] dark:block" />
    </button>
  );
}
