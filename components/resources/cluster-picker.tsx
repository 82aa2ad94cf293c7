"use client";

import { CheckMenu } from "./check-menu";

export type ClusterChoice = { id: string; name: string };

type Props = {
  choices: readonly ClusterChoice[];
  selected: readonly string[];
  onChange: (clusterIds: string[]) => void;
};

/**
 * Several clusters in one list (decision 0083: each is authorized on its own; a refused one
 * contributes no rows). At least one stays picked.
 */
export function ClusterPicker({ choices, selected, onChange }: Props) {
  const checked = new Set(selected);
  const toggle = (id: string) => {
    const next = checked.has(id) ? selected.filter((other) => other !== id) : [...selected, id];
    if (next.length > 0) onChange(next);
  };
  const summary =
    selected.length === 1
      ? (choices.find((choice) => choice.id === selected[0])?.name ?? "1 cluster")
      : selected.length === choices.length
        ? "All clusters"
        : `${selected.length} clusters`;
  return (
    <CheckMenu
      label="Clusters"
      summary={summary}
      testId="cluster-picker"
      options={choices.map((choice) => ({ id: choice.id, label: choice.name }))}
      checked={checked}
      onToggle={toggle}
      header={
        <button
          type="button"
          onClick={() => onChange(choices.map((choice) => choice.id))}
          data-testid="cluster-picker-all"
          className="w-full rounded-sm px-2 py-1.5 text-left text-sm hover:bg-surface-sunken"
        >
          All clusters
        </button>
      }
    />
  );
}
