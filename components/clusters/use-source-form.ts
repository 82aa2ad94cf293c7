"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useToast } from "@/components/ui";
import type { ClusterSource } from "@/lib/validations/clusters";
import type { AddAnywayQuestion } from "./add-anyway-prompt";
import { describeError } from "./format";
import type { TestState } from "./test-result";
import type { FieldError } from "./types";
import { UNREACHABLE_SERVER, useConnectionTest } from "./use-connection-test";

/** What the user already agreed to in the "add anyway?" question. */
export type Confirmed = { failedTest?: boolean; duplicate?: boolean };

/** An add call's outcome, reduced to what the form needs. */
export type AddOutcome = { ok: true; name: string } | { ok: false; error: FieldError };

/**
 * The flow every one-cluster form shares (token, cloud connector): the connection test and its
 * outcome, the "add anyway?" question after a failed test or a duplicate identity, the error box,
 * and adding (toast, refresh, close). Each form keeps its own fields and decides where an error
 * goes through `show`.
 */
export function useSourceForm({ onDone, clearFieldErrors }: { onDone: () => void; clearFieldErrors: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const testConnection = useConnectionTest();
  const [formError, setFormError] = useState<FieldError | null>(null);
  const [test, setTest] = useState<TestState>({ state: "idle" });
  const [question, setQuestion] = useState<AddAnywayQuestion | null>(null);
  const [pending, startTransition] = useTransition();

  function clearOutcome() {
    clearFieldErrors();
    setFormError(null);
    setQuestion(null);
  }

  return {
    test,
    question,
    formError,
    pending,
    setFormError,
    clearOutcome,
    askAboutDuplicate: (reason: string) => setQuestion({ kind: "duplicate", reasons: [reason] }),
    dismissQuestion: () => setQuestion(null),

    /** The values changed: a test of other values no longer says anything. */
    valuesChanged() {
      setTest({ state: "idle" });
      clearOutcome();
    },

    async runTest(source: ClusterSource): Promise<TestState> {
      clearOutcome();
      return testConnection(source, setTest);
    },

    /** Adds through `send` unless a failed test must be confirmed first; errors go to `show`. */
    add(confirmed: Confirmed, send: () => Promise<AddOutcome>, show: (error: FieldError) => void) {
      if (test.state === "failed" && !confirmed.failedTest) {
        return setQuestion({ kind: "failed-test", reasons: [describeError(test.error)] });
      }
      startTransition(async () => {
        const outcome = await send().catch((): AddOutcome => ({ ok: false, error: UNREACHABLE_SERVER }));
        if (!outcome.ok) return show(outcome.error);
        toast({ tone: "success", title: `Cluster "${outcome.name}" added`, description: "Checking its health now." });
        router.refresh();
        onDone();
      });
    },

    /** The confirmation the open question asked for. */
    confirmation(): Confirmed | null {
      return question ? { failedTest: true, duplicate: question.kind === "duplicate" } : null;
    },
  };
}
