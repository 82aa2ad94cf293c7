"use client";

import { useId, useRef, useState } from "react";
import { Button } from "./button";
import { useToast } from "./toast";

type Props = {
  label: string;
  value: string;
  /** Prefix for data-testids: `<id>-value`, `<id>-copy`, `<id>-done` (and `<id>-created` on the box). */
  testId: string;
  /** Overrides `<testId>-value` for the field, where tests already know it by another name. */
  valueTestId?: string;
  copyLabel?: string;
  warning: string;
  onDone: () => void;
};

/**
 * A secret (token, invitation link) shown exactly once: it lives only in this component's state,
 * never in a URL or storage, with a copy button that degrades to "selected, press Ctrl+C".
 */
export function ShownOnceSecret({ label, value, testId, valueTestId, copyLabel = "Copy", warning, onDone }: Props) {
  const { toast } = useToast();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const inputId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (permissions, plain http): select it for a manual copy.
      inputRef.current?.select();
      toast({ tone: "warning", title: "Could not copy automatically", description: "It is selected: press Ctrl+C." });
    }
  }

  return (
    <div
      role="status"
      data-testid={`${testId}-created`}
      className="mt-4 rounded-md border border-success/40 bg-success/8 p-3 sm:p-4"
    >
      <label htmlFor={inputId} className="text-sm font-medium text-text">
        {label}
      </label>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row">
        <input
          id={inputId}
          ref={inputRef}
          readOnly
          value={value}
          data-testid={valueTestId ?? `${testId}-value`}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 w-full min-w-0 flex-1 rounded-md border border-border-strong bg-surface-sunken px-3 font-mono text-xs text-text"
        />
        <div className="flex gap-2">
          <Button variant="secondary" onClick={copy} data-testid={`${testId}-copy`}>
            {copied ? "Copied" : copyLabel}
          </Button>
          <Button variant="ghost" onClick={onDone} data-testid={`${testId}-created-done`}>
            Done
          </Button>
        </div>
      </div>
      <p className="mt-2 text-sm font-medium text-warning">{warning}</p>
    </div>
  );
}
