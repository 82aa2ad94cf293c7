"use client";

import { useEffect, useState } from "react";
import { SelectChevron } from "@/components/ui/select-chevron";
import type { PodContainerInfo } from "@/lib/logs/log-view";

type Props = {
  clusterId: string;
  namespace: string;
  pod: string;
  /** The chosen container; null: kubectl's default. */
  value: string | null;
  onChange: (container: string | null) => void;
};

const control =
  "h-8 appearance-none rounded-md border border-border bg-surface-raised pr-7 pl-2.5 text-xs text-text hover:border-border-strong";

/** The pod's containers, init and ephemeral included, each with its state (docs/logs.md, One pod). */
export function ContainerPicker({ clusterId, namespace, pod, value, onChange }: Props) {
  const [containers, setContainers] = useState<PodContainerInfo[] | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const path = [clusterId, "pods", namespace, pod, "containers"].map(encodeURIComponent).join("/");
    fetch(`/api/v1/clusters/${path}`, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then(async (response) => (response.ok ? ((await response.json()) as { containers: PodContainerInfo[] }) : null))
      .then((body) => setContainers(body?.containers ?? []))
      .catch(() => {
        if (!controller.signal.aborted) setContainers([]);
      });
    return () => controller.abort();
  }, [clusterId, namespace, pod]);

  const chosen = value ?? containers?.find((container) => container.default)?.name ?? "";
  // A long option (name · state, restarts) sizes the select: on a phone it shrinks to the row
  // instead of pushing the page sideways.
  return (
    <label className="flex max-w-full min-w-0 items-center gap-1.5">
      <span className="shrink-0 text-text-muted">Container</span>
      <span className="relative min-w-0">
        <select
          value={chosen}
          onChange={(event) => onChange(event.target.value || null)}
          disabled={!containers || containers.length === 0}
          data-testid="log-container"
          className={`${control} max-w-full`}
        >
          {containers === null ? <option value={chosen}>{value ?? "Loading…"}</option> : null}
          {containers?.map((container) => (
            <option key={container.name} value={container.name}>
              {describe(container)}
            </option>
          ))}
        </select>
        <SelectChevron />
      </span>
    </label>
  );
}

function describe(container: PodContainerInfo): string {
  const kind = container.kind === "regular" ? "" : ` (${container.kind})`;
  const state = container.reason ?? container.state;
  const restarts = container.restartCount > 0 ? `, ${container.restartCount} restarts` : "";
  return `${container.name}${kind} · ${state}${restarts}`;
}
