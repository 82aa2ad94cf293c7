"use client";

import { useEffect, useRef, useState } from "react";
import { listKubeconfigContextsAction, type KubeconfigContextOption } from "@/lib/actions/clusters";
import { byteLength, KUBECONFIG_MAX_BYTES } from "./format";
import type { FieldError } from "./types";

export type ContextsState =
  | { state: "empty" }
  | { state: "loading" }
  | { state: "ready"; contexts: KubeconfigContextOption[] }
  | { state: "invalid"; error: FieldError };

const DEBOUNCE_MS = 350;

/** The server vets the kubeconfig as it is typed or pasted; only the latest answer counts. */
export function useKubeconfigContexts(kubeconfig: string): ContextsState {
  const [result, setResult] = useState<{ for: string; state: ContextsState } | null>(null);
  const latest = useRef(kubeconfig);

  useEffect(() => {
    latest.current = kubeconfig;
    if (!kubeconfig.trim() || byteLength(kubeconfig) > KUBECONFIG_MAX_BYTES) return;
    const timer = window.setTimeout(async () => {
      const answer = await listKubeconfigContextsAction({ kubeconfig }).catch(() => null);
      if (latest.current !== kubeconfig) return;
      const state: ContextsState = !answer
        ? { state: "invalid", error: { message: "The server could not be reached. Try again." } }
        : answer.ok
          ? { state: "ready", contexts: answer.data }
          : { state: "invalid", error: answer.error };
      setResult({ for: kubeconfig, state });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [kubeconfig]);

  if (!kubeconfig.trim() || byteLength(kubeconfig) > KUBECONFIG_MAX_BYTES) return { state: "empty" };
  if (result?.for !== kubeconfig) return { state: "loading" };
  return result.state;
}
