"use client";

import { useEffect, useState } from "react";

/** The current time, ticking every `everyMs` so ages on screen move on their own. */
export function useNow(everyMs = 10_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
