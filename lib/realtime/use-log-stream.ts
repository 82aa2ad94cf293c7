"use client";

import { useEffect, useMemo, useSyncExternalStore } from "react";
import { getBrowserSocket } from "./browser-socket";
import type { LogsSubscribeRequest } from "./contract";
import { LogStream, type LogStreamState } from "./log-stream";

const IDLE: LogStreamState = {
  phase: "connecting",
  since: new Date(0).toISOString(),
  entries: [],
  firstSeq: 0,
  dropped: 0,
  version: 0,
};

/**
 * A live log view (docs/logs.md, The viewer) on the page's one socket: lines and markers in a
 * bounded ring, resumed across reconnects. Changing the request subscribes afresh; leaving
 * unsubscribes. `undefined` subscribes to nothing (no pod or workload chosen yet).
 */
export function useLogStream(request: LogsSubscribeRequest | undefined): LogStreamState {
  const key = request ? JSON.stringify(request) : "";
  const stream = useMemo(
    () => (key ? new LogStream(getBrowserSocket(), JSON.parse(key) as LogsSubscribeRequest) : undefined),
    [key],
  );
  useEffect(() => {
    if (!stream) return;
    stream.start();
    return () => stream.dispose();
  }, [stream]);
  return useSyncExternalStore(stream?.onChange ?? noSubscription, stream?.getState ?? idle, idle);
}

function noSubscription() {
  return () => undefined;
}

function idle() {
  return IDLE;
}
