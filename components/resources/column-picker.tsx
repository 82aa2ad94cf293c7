"use client";

import type { ListColumn } from "@/lib/resources/list-view";
import { CheckMenu } from "./check-menu";

type Props = {
  columns: readonly ListColumn[];
  /** Empty: every column. */
  picked: readonly string[];
  onChange: (picked: string[]) => void;
};

/** Which of the kind's columns show; the choice lives in the URL (`?cols=`) and in saved views. */
export function ColumnPicker({ columns, picked, onChange }: Props) {
  const shown = new Set(picked.length > 0 ? picked : columns.map((column) => column.id));
  shown.add("name");
  const toggle = (id: string) => {
    const next = columns
      .map((column) => column.id)
      .filter((other) => (other === id ? !shown.has(id) : shown.has(other)));
    // Every column picked is the default: the URL drops `cols`.
    onChange(next.length === columns.length ? [] : next);
  };
  return (
    <CheckMenu
      label="Columns"
      summary={picked.length > 0 ? `${shown.size} of ${columns.length}` : "All"}
      testId="column-picker"
      options={columns.map((column) => ({ id: column.id, label: column.title, disabled: column.id === "name" }))}
      checked={shown}
      onToggle={toggle}
    />
  );
}
