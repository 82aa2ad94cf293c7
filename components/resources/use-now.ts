"use client";

import { useEffect, useState } from "react";

/**
 * The current time, ticking every `everyMs` so ages on screen move on their own. `renderedAt`:
 * the server's clock when it rendered the page, used until hydration is done so the ages in the
 * HTML and in the first client render agree; the browser's clock takes over at the first tick.
 */
export function useNow(everyMs = 10_000, renderedAt?: number) {
  const [now, setNow] = useState(() => renderedAt ?? Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
