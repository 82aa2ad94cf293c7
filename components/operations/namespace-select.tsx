"use client";

import { SelectChevron } from "@/components/ui/select-chevron";

/** One namespace to create in: only those where the acting identity may create. */
export function NamespaceSelect({
  namespaces,
  value,
  onChange,
}: {
  namespaces: readonly string[];
  value: string | undefined;
  onChange: (namespace: string) => void;
}) {
  return (
    <label className="flex flex-col gap-1.5 text-sm font-medium text-text">
      Namespace
      <span className="relative">
        <select
          value={value ?? ""}
          onChange={(event) => onChange(event.target.value)}
          className="h-9 w-full appearance-none rounded-md border border-border bg-surface pr-8 pl-3 text-sm"
          data-testid="create-namespace"
        >
          {value === undefined ? <option value="">No namespace you may create in</option> : null}
          {namespaces.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <SelectChevron />
      </span>
    </label>
  );
}
