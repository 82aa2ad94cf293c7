"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { buttonClassName } from "@/components/ui";
import { SelectChevron } from "@/components/ui/select-chevron";
import { AUDIT_ACTION_PREFIXES, AUDIT_ACTIONS } from "@/lib/audit-actions";
import { cn } from "@/lib/cn";

export type AuditFilterValues = {
  actor: string;
  action: string;
  cluster: string;
  /** An object: `name` or `namespace/name`. */
  object: string;
  since: string;
  from: string;
  to: string;
};

export type AuditFilterChoices = {
  /** The org's clusters, picked by name (the URL carries the id). */
  clusters: { id: string; name: string }[];
  /** Members' emails, offered as you type an actor. */
  actors: string[];
};

const PRESETS = [
  { value: "", label: "Any time" },
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "custom", label: "Custom range…" },
];

const controlClass =
  "h-9 w-full min-w-0 rounded-md border border-border-strong bg-surface-raised px-3 text-sm text-text placeholder:text-text-muted/80 hover:border-text-muted";

/**
 * A plain GET form: filters live in the URL, so a filtered view can be bookmarked, shared and
 * reloaded. Actions and actors are suggested as you type (a prefix such as `member.` matches
 * every member action); clusters are picked by name; times by preset or a custom UTC range.
 */
export function AuditFilters({
  values,
  choices,
  action = "/audit",
}: {
  values: AuditFilterValues;
  choices: AuditFilterChoices;
  action?: string;
}) {
  const [range, setRange] = useState(values.from || values.to ? "custom" : values.since);
  const knownCluster = choices.clusters.some((cluster) => cluster.id === values.cluster);
  return (
    <form
      method="get"
      action={action}
      noValidate
      role="search"
      aria-label="Filter the audit log"
      data-testid="audit-filters"
      className="grid grid-cols-1 gap-3 rounded-lg border border-border bg-surface-raised p-4 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]"
    >
      <SuggestingInput
        name="actor"
        label="Actor"
        placeholder="email, or part of it"
        defaultValue={values.actor}
        suggestions={choices.actors.map((email) => ({ value: email }))}
      />
      <SuggestingInput
        name="action"
        label="Action"
        placeholder="member. or token.create"
        defaultValue={values.action}
        suggestions={[
          ...AUDIT_ACTION_PREFIXES.map((prefix) => ({ value: prefix, label: `every ${prefix.slice(0, -1)} action` })),
          ...AUDIT_ACTIONS.map((name) => ({ value: name })),
        ]}
      />
      <Labelled id="audit-filter-object" label="Object">
        <input
          id="audit-filter-object"
          name="object"
          defaultValue={values.object}
          placeholder="namespace/name"
          data-testid="audit-filter-object"
          className={controlClass}
        />
      </Labelled>
      <Labelled id="audit-filter-cluster" label="Cluster">
        <div className="relative">
          <select
            id="audit-filter-cluster"
            name="cluster"
            defaultValue={values.cluster}
            data-testid="audit-filter-cluster"
            className={cn(controlClass, "appearance-none pr-8")}
          >
            <option value="">Any cluster</option>
            {choices.clusters.map((cluster) => (
              <option key={cluster.id} value={cluster.id}>
                {cluster.name}
              </option>
            ))}
            {values.cluster && !knownCluster ? (
              <option value={values.cluster}>Deleted cluster {values.cluster.slice(0, 8)}</option>
            ) : null}
          </select>
          <SelectChevron />
        </div>
      </Labelled>
      <Labelled id="audit-filter-since" label="When">
        <div className="relative">
          <select
            id="audit-filter-since"
            // "Custom range" sends the two times below instead of a preset.
            name={range === "custom" ? undefined : "since"}
            value={range}
            onChange={(event) => setRange(event.target.value)}
            data-testid="audit-filter-since"
            className={cn(controlClass, "appearance-none pr-8")}
          >
            {PRESETS.map((preset) => (
              <option key={preset.value} value={preset.value}>
                {preset.label}
              </option>
            ))}
          </select>
          <SelectChevron />
        </div>
      </Labelled>
      <div className="flex items-end gap-2">
        <button type="submit" data-testid="audit-filter-apply" className={buttonClassName()}>
          Apply
        </button>
        <Link href={action} data-testid="audit-filter-clear" className={buttonClassName({ variant: "ghost" })}>
          Clear
        </Link>
      </div>
      {range === "custom" ? (
        <div className="grid grid-cols-1 gap-3 sm:col-span-2 sm:grid-cols-2 lg:col-span-4">
          <Labelled id="audit-filter-from" label="From (UTC)">
            <input
              id="audit-filter-from"
              name="from"
              type="datetime-local"
              defaultValue={values.from}
              data-testid="audit-filter-from"
              className={controlClass}
            />
          </Labelled>
          <Labelled id="audit-filter-to" label="To (UTC)">
            <input
              id="audit-filter-to"
              name="to"
              type="datetime-local"
              defaultValue={values.to}
              data-testid="audit-filter-to"
              className={controlClass}
            />
          </Labelled>
        </div>
      ) : null}
    </form>
  );
}

/** A text field that suggests values as you type (a native datalist: keyboard and screen readers for free). */
function SuggestingInput({
  name,
  label,
  placeholder,
  defaultValue,
  suggestions,
}: {
  name: string;
  label: string;
  placeholder: string;
  defaultValue: string;
  suggestions: { value: string; label?: string }[];
}) {
  const id = `audit-filter-${name}`;
  return (
    <Labelled id={id} label={label}>
      <input
        id={id}
        name={name}
        list={`${id}-suggestions`}
        placeholder={placeholder}
        defaultValue={defaultValue}
        data-testid={id}
        autoComplete="off"
        spellCheck={false}
        maxLength={254}
        className={controlClass}
      />
      <datalist id={`${id}-suggestions`}>
        {suggestions.map((suggestion) => (
          <option key={suggestion.value} value={suggestion.value}>
            {suggestion.label}
          </option>
        ))}
      </datalist>
    </Labelled>
  );
}

function Labelled({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-text">
        {label}
      </label>
      {children}
    </div>
  );
}
