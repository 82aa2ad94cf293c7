"use client";

import { useMemo } from "react";
import { stringify } from "yaml";
import type { DetailContext } from "./detail-context";
import { ObjectPending } from "./object-pending";

/**
 * The object as YAML, read-only. The server already removed managedFields, the last-applied
 * annotation and every Secret value (docs/realtime.md, "REST"); nothing here can reveal more.
 */
export function YamlTab({ object, deleted }: DetailContext) {
  const text = useMemo(() => (object ? stringify(object, { lineWidth: 0 }) : ""), [object]);
  if (!object) return <ObjectPending deleted={deleted} />;
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
