"use client";

import { useEffect, useState } from "react";
import { searchObjectsAction } from "@/lib/actions/palette";
import { MIN_SEARCH_LENGTH, type ObjectHit } from "@/lib/resources/palette";

const SEARCH_DELAY_MS = 200;

export type ObjectSearchState = { query: string; hits: ObjectHit[]; incomplete: boolean; searching: boolean };

/** The palette's server-side object search, after a pause in typing; answers for an older query are dropped. */
export function useObjectSearch(query: string): ObjectSearchState {
  const trimmed = query.trim();
  const [result, setResult] = useState<{ query: string; hits: ObjectHit[]; incomplete: boolean }>({
    query: "",
    hits: [],
    incomplete: false,
  });
  useEffect(() => {
    if (trimmed.length < MIN_SEARCH_LENGTH) return;
    let current = true;
    const timer = setTimeout(() => {
      void searchObjectsAction({ query: trimmed })
        .catch(() => null)
        .then((answer) => {
          if (!current) return;
          setResult(answer?.ok ? { query: trimmed, ...answer.data } : { query: trimmed, hits: [], incomplete: true });
        });
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [trimmed]);
  if (trimmed.length < MIN_SEARCH_LENGTH) return { query: trimmed, hits: [], incomplete: false, searching: false };
  return { ...result, query: trimmed, searching: result.query !== trimmed };
}
