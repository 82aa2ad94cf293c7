"use client";

import { useEffect, useState } from "react";
import { fleetFiguresAction } from "@/lib/actions/fleet";
import type { ClusterFigures } from "@/lib/resources/fleet";

/** How often the fleet home counts again; the server answers from its cache, so this is cheap. */
const POLL_MS = 5000;

/**
 * The fleet's counts, refreshed every few seconds while the tab is visible (a hidden tab asks
 * nothing). The previous figures stay on screen while the next ones are counted.
 */
export function useFleetFigures(): ReadonlyMap<string, ClusterFigures> | null {
  const [figures, setFigures] = useState<ReadonlyMap<string, ClusterFigures> | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (document.visibilityState === "visible") {
        const result = await fleetFiguresAction({}).catch(() => null);
        if (stopped) return;
        if (result?.ok) setFigures(new Map(result.data.map((entry) => [entry.clusterId, entry])));
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return figures;
}
