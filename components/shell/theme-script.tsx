"use client";

import { THEME_INIT_SCRIPT } from "./theme";

/**
 * The tag only has to exist in the server HTML, where the parser runs it before first paint.
 * A client render can never execute a <script> (React warns when the root layout remounts after
 * an error or a not-found), so the client renders nothing; React 19 hydration skips the
 * server-rendered tag left in <head> instead of reporting a mismatch.
 */
export function ThemeScript({ nonce }: { nonce?: string }) {
  if (typeof window !== "undefined") return null;
  return <script id="theme-init" nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_INIT_SCRIPT }} />;
}
