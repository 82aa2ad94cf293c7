export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "pilothouse-theme";

/**
 * Runs inline in <head> before first paint so the page never flashes the wrong theme.
 * A stored choice wins; otherwise the OS preference applies and is followed live.
 * Kept as a fixed string (no interpolated values) so a CSP hash of it stays stable.
 */
export const THEME_INIT_SCRIPT = `(function(){try{var k="${THEME_STORAGE_KEY}",r=document.documentElement,m=window.matchMedia("(prefers-color-scheme: dark)");function a(){var s=localStorage.getItem(k);r.dataset.theme=s==="dark"||s==="light"?s:m.matches?"dark":"light"}a();m.addEventListener("change",a)}catch(e){document.documentElement.dataset.theme="light"}})();`;

export function readTheme(): Theme {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

/** Stores the choice and applies it at once; storage can throw (private mode, quota). */
export function setTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // The theme still applies for this page view; only persistence is lost.
  }
}
