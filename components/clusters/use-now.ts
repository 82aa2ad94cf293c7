"use client";

import { useSyncExternalStore } from "react";

/**
 * The current time, re-read every `intervalMs` while mounted; null during the server render and
 * hydration, so relative times ("in 12 s") never make the two disagree.
 */
export function useNow(intervalMs: number): number | null {
  return useSyncExternalStore(
    (onChange) => {
      const timer = window.setInterval(onChange, intervalMs);
      return () => window.clearInterval(timer);
    },
    () => Math.floor(Date.now() / intervalMs) * intervalMs,
    () => null,
  );
}
