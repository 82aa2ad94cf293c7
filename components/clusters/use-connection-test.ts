"use client";

import { testClusterAction } from "@/lib/actions/clusters";
import type { ClusterSource } from "@/lib/validations/clusters";
import type { TestState } from "./test-result";
import type { FieldError } from "./types";

/** What a failed server-action call (network down, server restarting) reports. */
export const UNREACHABLE_SERVER: FieldError = { message: "Pilothouse could not be reached. Try again." };

/**
 * "Test connection", shared by every form that takes a cluster source: reports each state through
 * `onState` (running, done, failed). The form shows the outcome where it belongs (the test result,
 * or the field a failure is about), so there is no toast.
 */
export function useConnectionTest() {
  return async (source: ClusterSource, onState: (state: TestState) => void): Promise<TestState> => {
    onState({ state: "running" });
    const result = await testClusterAction(source).catch(() => null);
    const outcome: TestState = result?.ok
      ? { state: "done", result: result.data }
      : { state: "failed", error: result?.error ?? UNREACHABLE_SERVER };
    onState(outcome);
    return outcome;
  };
}
