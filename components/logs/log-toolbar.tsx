"use client";

import type { ReactNode } from "react";
import { SelectChevron } from "@/components/ui/select-chevron";
import { cn } from "@/lib/cn";
import { LOG_SINCE_PRESETS, targetOf, type LogViewParams, type LogViewUpdate } from "@/lib/logs/log-view";
import { ContainerPicker } from "./container-picker";

type SetParams = (next: LogViewUpdate) => void;

type Props = {
  clusterId: string;
  view: LogViewParams;
  setParams: SetParams;
  filterError?: string;
  matchCount: number;
  currentMatch: number;
  onStep: (step: 1 | -1) => void;
  status: ReactNode;
  /** The target is the page's (a detail tab): no "Change". */
  fixed?: boolean;
};

const control =
  "h-8 rounded-md border border-border bg-surface-raised px-2.5 text-xs text-text hover:border-border-strong focus-visible:outline-2 focus-visible:outline-accent";
const TAILS = [100, 500, 1000, 5000];

/** What the view reads (target, container, window) and how it shows it (filter, search, toggles). */
export function LogToolbar({
  clusterId,
  view,
  setParams,
  filterError,
  matchCount,
  currentMatch,
  onStep,
  status,
  fixed = false,
}: Props) {
  const target = targetOf(view)!;
  const custom = view.since !== null && !(view.since in LOG_SINCE_PRESETS);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="min-w-0 truncate text-base font-semibold" data-testid="log-target">
          {target.type === "pod"
            ? `Pod ${target.pod}`
            : target.type === "workload"
              ? `${target.kind} ${target.name} (all pods)`
              : `Pods matching ${target.selector}`}
          <span className="ml-2 text-sm font-normal text-text-muted">in {view.ns}</span>
        </h2>
        {fixed ? null : (
          <button
            type="button"
            onClick={() => setParams({ pod: null, kind: null, name: null, selector: null, container: null })}
            className="text-xs text-accent hover:underline"
          >
            Change
          </button>
        )}
        <div className="ml-auto">{status}</div>
      </div>
      <div className="flex flex-wrap items-start gap-2">
        <label className="flex min-w-48 flex-1 flex-col gap-0.5">
          <span className="sr-only">Filter lines</span>
          <input
            type="search"
            value={view.q ?? ""}
            onChange={(event) => setParams({ q: event.target.value || null })}
            placeholder="Filter: text, /regex/ or !exclude"
            aria-invalid={filterError ? true : undefined}
            aria-describedby={filterError ? "log-filter-error" : undefined}
            data-testid="log-filter"
            className={cn(control, "w-full font-mono", filterError && "border-danger")}
          />
          {filterError ? (
            <span id="log-filter-error" role="alert" className="text-xs text-danger" data-testid="log-filter-error">
              {filterError}
            </span>
          ) : null}
        </label>
        <div className="flex min-w-48 flex-1 items-center gap-1">
          <label className="flex-1">
            <span className="sr-only">Search</span>
            <input
              type="search"
              value={view.find ?? ""}
              onChange={(event) => setParams({ find: event.target.value || null })}
              onKeyDown={(event) => {
                if (event.key === "Enter") onStep(event.shiftKey ? -1 : 1);
              }}
              placeholder="Search"
              data-testid="log-search"
              className={cn(control, "w-full font-mono")}
            />
          </label>
          <span className="w-16 text-center text-xs text-text-muted tabular-nums" data-testid="log-search-count">
            {view.find ? (currentMatch >= 0 ? `${currentMatch + 1}/${matchCount}` : `${matchCount} found`) : ""}
          </span>
          <button
            type="button"
            aria-label="Previous match"
            className={control}
            onClick={() => onStep(-1)}
            disabled={matchCount === 0}
          >
            ↑
          </button>
          <button
            type="button"
            aria-label="Next match"
            className={control}
            onClick={() => onStep(1)}
            disabled={matchCount === 0}
          >
            ↓
          </button>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {target.type === "pod" ? (
          <ContainerPicker
            clusterId={clusterId}
            namespace={view.ns!}
            pod={target.pod}
            value={view.container}
            onChange={(container) => setParams({ container })}
          />
        ) : null}
        <Picker
          label="Tail"
          value={view.since ? "" : String(view.tail ?? 500)}
          onChange={(value) => setParams({ tail: Number(value), since: null })}
          testId="log-tail"
          options={[
            ...(view.since ? [["", "—"]] : []),
            ...TAILS.map((n) => [String(n), `${n.toLocaleString()} lines`]),
          ]}
        />
        <Picker
          label="Since"
          value={custom ? "custom" : (view.since ?? "")}
          onChange={(value) =>
            setParams({ since: value === "custom" ? new Date(Date.now() - 3_600_000).toISOString() : value || null })
          }
          testId="log-since"
          options={[
            ["", "Tail only"],
            ...Object.keys(LOG_SINCE_PRESETS).map((key) => [key, `Last ${key}`]),
            ["custom", "Since a time…"],
          ]}
        />
        {custom ? (
          <input
            type="datetime-local"
            aria-label="Since time"
            value={toLocalInput(view.since!)}
            onChange={(event) => {
              const time = new Date(event.target.value);
              if (!Number.isNaN(time.getTime())) setParams({ since: time.toISOString() });
            }}
            className={control}
          />
        ) : null}
        <Toggle
          label="Previous container"
          checked={view.previous}
          onChange={(previous) => setParams({ previous: previous || null })}
          testId="log-previous"
        />
        <Toggle
          label="Timestamps"
          checked={view.ts}
          onChange={(ts) => setParams({ ts: ts || null })}
          testId="log-timestamps"
        />
        <Toggle
          label="Wrap"
          checked={view.wrap}
          onChange={(wrap) => setParams({ wrap: wrap || null })}
          testId="log-wrap"
        />
        <Toggle
          label="Pod prefix"
          checked={view.prefix}
          onChange={(prefix) => setParams({ prefix: prefix ? null : false })}
          testId="log-prefix-toggle"
        />
      </div>
    </div>
  );
}

function Picker({
  label,
  value,
  onChange,
  options,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: string[][];
  testId: string;
}) {
  return (
    <label className="relative flex items-center gap-1.5">
      <span className="text-text-muted">{label}</span>
      <span className="relative">
        <select
          value={value}
          onChange={(event) => onChange(event.target.value)}
          data-testid={testId}
          className={cn(control, "appearance-none pr-7")}
        >
          {options.map(([optionValue, text]) => (
            <option key={optionValue} value={optionValue}>
              {text}
            </option>
          ))}
        </select>
        <SelectChevron />
      </span>
    </label>
  );
}

function Toggle({
  label,
  checked,
  onChange,
  testId,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
}) {
  return (
    <label
      className={cn(control, "inline-flex cursor-pointer items-center gap-1.5", checked && "border-accent text-accent")}
    >
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        data-testid={testId}
        className="accent-current"
      />
      {label}
    </label>
  );
}

/** An ISO time as a datetime-local input's value, in the reader's zone. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
