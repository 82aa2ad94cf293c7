"use client";

import { useTransition } from "react";
import { useToast } from "@/components/ui";
import type { ActionResult, ErrorBody } from "@/lib/errors";

/**
 * Run one operation's server action: a toast for the outcome (the server's own words on failure),
 * `onDone` with the answer. The page needs no refresh: the change arrives through the live watch.
 */
export function useRunOperation() {
  const { toast } = useToast();
  const [pending, startTransition] = useTransition();
  function run<T>(
    action: () => Promise<ActionResult<T>>,
    messages: { success?: string; failure: string },
    handlers: { onDone?: (data: T) => void; onError?: (error: ErrorBody["error"]) => void } = {},
  ) {
    startTransition(async () => {
      const result = await action().catch(() => null);
      if (!result?.ok) {
        const error = result?.error ?? { code: "UNAVAILABLE" as const, message: "Pilothouse could not be reached." };
        if (handlers.onError) handlers.onError(error);
        else toast({ tone: "danger", title: messages.failure, description: error.message });
        return;
      }
      if (messages.success) toast({ tone: "success", title: messages.success });
      handlers.onDone?.(result.data);
    });
  }
  return { pending, run };
}
