"use client";

import { useResourceList } from "@/lib/realtime/use-resource-list";
import { cn } from "@/lib/cn";

type Props = {
  clusterId: string;
  selected: readonly string[];
  onChange: (namespaces: string[]) => void;
};

/**
 * Several namespaces at once (the list merges them server-side). The choices are the cluster's
 * namespaces, live; a selected namespace that is gone stays listed so it can be cleared.
 */
export function NamespacePicker({ clusterId, selected, onChange }: Props) {
  const namespaces = useResourceList({ clusterId, resource: "namespaces" });
  const names = [...new Set([...namespaces.rows.map((row) => row.name), ...selected])].sort();
  const toggle = (name: string) =>
    onChange(selected.includes(name) ? selected.filter((other) => other !== name) : [...selected, name]);
  const summary =
    selected.length === 0 ? "All namespaces" : selected.length === 1 ? selected[0] : `${selected.length} namespaces`;
  return (
    <details className="group relative" data-testid="namespace-picker">
      <summary
        className={cn(
          "flex h-9 cursor-pointer list-none items-center gap-2 rounded-md border border-border bg-surface-raised px-3 text-sm",
          "hover:border-border-strong focus-visible:outline-2 focus-visible:outline-accent",
        )}
      >
        {/* On a phone the summary ("All namespaces", "payments") says enough; the label stays for screen readers. */}
        <span className="sr-only text-text-muted sm:not-sr-only">Namespace</span>
        <span className="max-w-40 truncate font-medium" data-testid="namespace-summary">
          {summary}
        </span>
      </summary>
      <div
        role="group"
        aria-label="Namespaces"
        className="absolute z-20 mt-1 max-h-72 w-64 overflow-y-auto rounded-md border border-border bg-surface-raised p-1 shadow-lg"
      >
        <button
          type="button"
          onClick={() => onChange([])}
          className="w-full rounded-sm px-2 py-1.5 text-left text-sm hover:bg-surface-sunken"
        >
          All namespaces
        </button>
        {namespaces.error ? (
          <p className="px-2 py-1.5 text-xs text-text-muted">Namespaces cannot be listed: {namespaces.error.message}</p>
        ) : null}
        {names.map((name) => (
          <label
            key={name}
            className="flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm hover:bg-surface-sunken"
          >
            <input
              type="checkbox"
              checked={selected.includes(name)}
              onChange={() => toggle(name)}
              data-testid={`namespace-option-${name}`}
              className="accent-accent"
            />
            <span className="truncate">{name}</span>
          </label>
        ))}
      </div>
    </details>
  );
}
