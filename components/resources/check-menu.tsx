"use client";

import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export type CheckOption = { id: string; label: string; disabled?: boolean };

type Props = {
  label: string;
  summary: string;
  options: readonly CheckOption[];
  checked: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** A first row such as "All clusters". */
  header?: ReactNode;
  testId: string;
};

/** A toolbar dropdown of checkboxes (clusters, columns): a native <details>, no focus trap to get wrong. */
export function CheckMenu({ label, summary, options, checked, onToggle, header, testId }: Props) {
  return (
    <details className="group relative" data-testid={testId}>
      <summary
        className={cn(
          "flex h-9 cursor-pointer list-none items-center gap-2 rounded-md border border-border bg-surface-raised px-3 text-sm",
          "hover:border-border-strong focus-visible:outline-2 focus-visible:outline-accent",
        )}
      >
        <span className="text-text-muted">{label}</span>
        <span className="max-w-40 truncate font-medium" data-testid={`${testId}-summary`}>
          {summary}
        </span>
      </summary>
      <div
        role="group"
        aria-label={label}
        className="absolute z-20 mt-1 max-h-72 w-64 overflow-y-auto rounded-md border border-border bg-surface-raised p-1 shadow-lg"
      >
        {header}
        {options.map((option) => (
          <label
            key={option.id}
            className={cn(
              "flex items-center gap-2 rounded-sm px-2 py-1.5 text-sm hover:bg-surface-sunken",
              option.disabled ? "cursor-not-allowed text-text-muted" : "cursor-pointer",
            )}
          >
            <input
              type="checkbox"
              checked={checked.has(option.id)}
              disabled={option.disabled}
              onChange={() => onToggle(option.id)}
              data-testid={`${testId}-option-${option.id}`}
              className="accent-accent"
            />
            <span className="truncate">{option.label}</span>
          </label>
        ))}
      </div>
    </details>
  );
}
