"use client";

import { useMemo, useState } from "react";
import { type IndexQuery, LogIndex, type LogIndexView } from "@/lib/logs/log-index";
import type { LogStreamState } from "@/lib/realtime/log-stream";

/**
 * The seqs the filter keeps and the positions the search finds, kept up to date incrementally
 * (lib/logs/log-index.ts): each new batch is tested once, not the whole 100k-line buffer again.
 */
export function useLogIndex(state: LogStreamState, filter: IndexQuery, search: IndexQuery): LogIndexView {
  const [index] = useState(() => new LogIndex());
  const { key: filterKey, test: filterTest } = filter;
  const { key: searchKey, test: searchTest } = search;
  return useMemo(
    () => index.update(state, { key: filterKey, test: filterTest }, { key: searchKey, test: searchTest }),
    [index, state, filterKey, filterTest, searchKey, searchTest],
  );
}
