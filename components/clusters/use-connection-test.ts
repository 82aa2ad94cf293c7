"use client";

import { useToast } from "@/components/ui";
import { testClusterAction } from "@/lib/actions/clusters";
import type { ClusterSource } from "@/lib/validations/clusters";
import type { TestState } from "./test-result";
import type { FieldError } from "./types";

/** What a failed server-action call (network down, server restarting) reports. */
export const UNREACHABLE_SERVER: FieldError = { message: "Pilothouse could not be reached. Try again." };

/**
 * "Test connection", shared by every form that takes a cluster source: reports each state through
 * `onState` (running, done, failed). Success is also a toast, prefixed with `label` when given; a
 * failure is shown once, by the form, next to what it is about.
 */
export function useConnectionTest() {
  const { toast } = useToast();
  return async (source: ClusterSource, onState: (state: TestState) => void, label?: string): Promise<TestState> => {
    const title = (outcome: string) => (label ? `${label}: ${outcome}` : outcome[0]!.toUpperCase() + outcome.slice(1));
    onState({ state: "running" });
    const result = await testClusterAction(source).catch(() => null);
    if (result?.ok) {
      const done: TestState = { state: "done", result: result.data };
      onState(done);
      const { version, latencyMs } = result.data;
      toast({ tone: "success", title: title("reachable"), description: `Kubernetes ${version}, ${latencyMs} ms` });
      return done;
    }
    const failed: TestState = { state: "failed", error: result?.error ?? UNREACHABLE_SERVER };
    onState(failed);
    return failed;
  };
}
