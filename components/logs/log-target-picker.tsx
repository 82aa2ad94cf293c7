"use client";

import { useState } from "react";
import { EmptyState, Spinner } from "@/components/ui";
import { SelectChevron } from "@/components/ui/select-chevron";
import { useResourceList } from "@/lib/realtime/use-resource-list";

type Pick = {
  ns?: string | null;
  pod?: string | null;
  kind?: string | null;
  name?: string | null;
  selector?: string | null;
};

type Props = { clusterId: string; namespace: string | null; onPick: (next: Pick) => void };

/** The kinds whose pods a view can follow, as the live lists name them. */
const WORKLOADS = [
  { kind: "Deployment", resource: "deployments.apps", title: "Deployments" },
  { kind: "StatefulSet", resource: "statefulsets.apps", title: "StatefulSets" },
  { kind: "DaemonSet", resource: "daemonsets.apps", title: "DaemonSets" },
  { kind: "Job", resource: "jobs.batch", title: "Jobs" },
] as const;
/** Choices listed per kind; more are reached by narrowing with a label selector. */
const MAX_CHOICES = 60;

const control =
  "h-9 rounded-md border border-border bg-surface-raised px-3 text-sm text-text hover:border-border-strong focus-visible:outline-2 focus-visible:outline-accent";

/** No pod or workload in the URL yet: choose a namespace, then a workload, a pod or a label selector. */
export function LogTargetPicker({ clusterId, namespace, onPick }: Props) {
  const namespaces = useResourceList({ clusterId, resource: "namespaces" });
  const names = namespaces.rows.map((row) => row.name).sort();
  return (
    <section aria-label="Choose what to follow" className="flex flex-col gap-4" data-testid="log-target-picker">
      <label className="flex max-w-sm flex-col gap-1 text-sm">
        <span className="font-medium">Namespace</span>
        <span className="relative">
          <select
            value={namespace ?? ""}
            onChange={(event) => onPick({ ns: event.target.value || null })}
            data-testid="log-pick-namespace"
            className={`${control} w-full appearance-none pr-8`}
          >
            <option value="">
              {namespaces.rows.length === 0 && !namespaces.error ? "Loading namespaces…" : "Choose a namespace"}
            </option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <SelectChevron />
        </span>
        {namespaces.error ? <span className="text-xs text-danger">{namespaces.error.message}</span> : null}
      </label>
      {namespace ? (
        <NamespaceTargets clusterId={clusterId} namespace={namespace} onPick={onPick} />
      ) : (
        <EmptyState
          data-testid="logs-pick-empty"
          title="Follow the logs of a pod or a whole workload"
          description="Choose a namespace, then a Deployment, StatefulSet, DaemonSet or Job (every pod, merged by time), a single pod, or any label selector."
        />
      )}
    </section>
  );
}

function NamespaceTargets({
  clusterId,
  namespace,
  onPick,
}: {
  clusterId: string;
  namespace: string;
  onPick: (next: Pick) => void;
}) {
  const [selector, setSelector] = useState("");
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {WORKLOADS.map((workload) => (
        <Choices
          key={workload.kind}
          clusterId={clusterId}
          namespace={namespace}
          resource={workload.resource}
          title={workload.title}
          onChoose={(name) => onPick({ kind: workload.kind, name, pod: null, selector: null })}
        />
      ))}
      <Choices
        clusterId={clusterId}
        namespace={namespace}
        resource="pods"
        title="Pods"
        onChoose={(pod) => onPick({ pod, kind: null, name: null, selector: null })}
      />
      <form
        className="flex flex-col gap-1 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          if (selector.trim()) onPick({ selector: selector.trim(), pod: null, kind: null, name: null });
        }}
      >
        <label htmlFor="log-pick-selector" className="font-medium">
          Label selector
        </label>
        <div className="flex gap-2">
          <input
            id="log-pick-selector"
            value={selector}
            onChange={(event) => setSelector(event.target.value)}
            placeholder="app=web,tier in (api)"
            className={`${control} flex-1 font-mono`}
            data-testid="log-pick-selector"
          />
          <button type="submit" className={control}>
            Follow
          </button>
        </div>
      </form>
    </div>
  );
}

function Choices({
  clusterId,
  namespace,
  resource,
  title,
  onChoose,
}: {
  clusterId: string;
  namespace: string;
  resource: string;
  title: string;
  onChoose: (name: string) => void;
}) {
  const list = useResourceList({ clusterId, resource, namespace });
  const names = list.rows.map((row) => row.name).sort();
  const answered = list.state === "live" || list.error || names.length > 0;
  return (
    <section aria-label={title} className="rounded-lg border border-border bg-surface-raised p-3">
      <h3 className="mb-2 text-sm font-medium">
        {title} <span className="font-normal text-text-muted">{answered && !list.error ? names.length : ""}</span>
      </h3>
      {list.error ? (
        <p className="text-xs text-text-muted">{list.error.message}</p>
      ) : !answered ? (
        <Spinner />
      ) : names.length === 0 ? (
        <p className="text-xs text-text-muted">None in {namespace}.</p>
      ) : (
        <ul className="flex max-h-48 flex-wrap gap-1.5 overflow-y-auto">
          {names.slice(0, MAX_CHOICES).map((name) => (
            <li key={name}>
              <button
                type="button"
                onClick={() => onChoose(name)}
                data-testid={`log-pick-${resource}-${name}`}
                className="rounded-md border border-border px-2 py-1 font-mono text-xs hover:border-accent hover:text-accent"
              >
                {name}
              </button>
            </li>
          ))}
          {names.length > MAX_CHOICES ? (
            <li className="text-xs text-text-muted">…and {names.length - MAX_CHOICES} more: use a label selector</li>
          ) : null}
        </ul>
      )}
    </section>
  );
}
