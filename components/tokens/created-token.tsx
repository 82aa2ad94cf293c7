"use client";

import { useId, useRef, useState } from "react";
import { Button, useToast } from "@/components/ui";

/** The one time a token is visible. It lives only in this component's state, never in a URL. */
export function CreatedToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const { toast } = useToast();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const inputId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (permissions, plain http): select it for a manual copy.
      inputRef.current?.select();
      toast({
        tone: "warning",
        title: "Could not copy automatically",
        description: "The token is selected: press Ctrl+C.",
      });
    }
  }

  return (
    <div
      role="status"
      data-testid="token-created"
      className="mt-4 rounded-md border border-success/40 bg-success/8 p-3 sm:p-4"
    >
      <label htmlFor={inputId} className="text-sm font-medium text-text">
        Your new token “{name}”
      </label>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row">
        <input
          id={inputId}
          ref={inputRef}
          readOnly
          value={token}
          data-testid="token-value"
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 w-full min-w-0 flex-1 rounded-md border border-border-strong bg-surface-sunken px-3 font-mono text-xs text-text"
        />
        <div className="flex gap-2">
          <Button variant="secondary" onClick={copy} data-testid="token-copy">
            {copied ? "Copied" : "Copy"}
          </Button>
          <Button variant="ghost" onClick={onDone} data-testid="token-created-done">
            Done
          </Button>
        </div>
      </div>
      <p className="mt-2 text-sm font-medium text-warning">
        Copy it now: you won’t see it again. Pilothouse stores only a hash of it.
      </p>
    </div>
  );
}
