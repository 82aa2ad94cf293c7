"use client";

import { useMemo } from "react";
import { stringify } from "yaml";
import { Spinner } from "@/components/ui";
import type { DetailContext } from "./detail-context";

/**
 * The object as YAML, read-only. The server already removed managedFields, the last-applied
 * annotation and every Secret value (docs/realtime.md, "REST"); nothing here can reveal more.
 */
export function YamlTab({ object, deleted }: DetailContext) {
  const text = useMemo(() => (object ? stringify(object, { lineWidth: 0 }) : ""), [object]);
  if (!object && deleted) return <p className="text-sm text-text-muted">No state of this object was seen.</p>;
  if (!object) {
    return (
      <p className="flex items-center gap-2 text-sm text-text-muted">
        <Spinner /> Loading…
      </p>
    );
  }
  return (
    <div className="relative">
      {deleted ? <p className="mb-2 text-sm text-warning">The last state seen before the object was deleted.</p> : null}
      <pre
        data-testid="object-yaml"
        className="max-h-[70dvh] overflow-auto rounded-lg border border-border bg-surface-sunken p-4 font-mono text-xs leading-relaxed text-text"
      >
        {text}
      </pre>
    </div>
  );
}
