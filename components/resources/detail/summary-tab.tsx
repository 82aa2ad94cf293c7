"use client";

import { asRecords, asString } from "@/lib/resources/cells";
import { formatAge, isAlarming } from "@/lib/resources/list-view";
import { cn } from "@/lib/cn";
import { useNow } from "../use-now";
import type { DetailContext } from "./detail-context";
import { ObjectPending } from "./object-pending";
import { NodeCapacity } from "./node-capacity";
import { PodContainers } from "./pod-containers";
import { RelatedObjects } from "./related-objects";
import { RolloutProgress } from "./rollout-progress";

/** Annotations longer than this are cut in the summary; the YAML tab has them whole. */
const MAX_ANNOTATION_CHARS = 300;

/** Status and why, the kind's own panel, related objects, then metadata: what a 3 a.m. reader needs first. */
export function SummaryTab(context: DetailContext) {
  const { object, row, resource } = context;
  if (!object) return <ObjectPending deleted={context.deleted} />;
  return (
    <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="flex min-w-0 flex-col gap-6">
        {/* A rollout diagnosis (above the tabs) already says why, in more words. */}
        {row && isAlarming(row.status.tone) && row.status.reason && !context.rollout ? (
          <p
            role="status"
            data-testid="status-reason"
            className={cn(
              "rounded-lg border px-4 py-3 text-sm break-words",
              row.status.tone === "error"
                ? "border-danger/40 bg-danger/8 text-danger"
                : "border-warning/40 bg-warning/8 text-warning",
            )}
          >
            <span className="font-semibold">{row.status.label}:</span> {row.status.reason}
          </p>
        ) : null}
        {resource.kind === "Pod" ? <PodContainers pod={object} /> : null}
        {resource.kind === "Node" ? <NodeCapacity node={object} /> : null}
        <RolloutProgress kind={resource.kind} object={object} diagnosis={context.rollout} />
        <Conditions object={object} />
        <RelatedObjects {...context} />
      </div>
      <Metadata {...context} />
    </div>
  );
}

function Conditions({ object }: { object: NonNullable<DetailContext["object"]> }) {
  const conditions = asRecords((object.status as { conditions?: unknown } | undefined)?.conditions).slice(0, 30);
  const now = useNow();
  if (conditions.length === 0) return null;
  return (
    <section aria-labelledby="conditions-heading" data-testid="conditions">
      <h2 id="conditions-heading" className="mb-2 text-sm font-semibold text-text">
        Conditions
      </h2>
      <ul className="divide-y divide-border rounded-lg border border-border bg-surface-raised text-sm">
        {conditions.map((condition) => {
          const type = asString(condition.type) ?? "";
          const status = asString(condition.status);
          // For most conditions True is good; for "pressure"-like ones (MemoryPressure…) True is bad.
          const bad = /Pressure|Unavailable|Failed/.test(type) ? status === "True" : status !== "True";
          return (
            <li key={type} className="flex flex-col gap-0.5 px-3 py-2" data-testid={`condition-${type}`}>
              {/* Wraps on a phone: a long reason (MinimumReplicasUnavailable) pushes the age below, not off-screen. */}
              <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                <span className={cn("size-2 rounded-full", bad ? "bg-warning" : "bg-success")} aria-hidden="true" />
                <span className="font-medium text-text">{type}</span>
                <span className="text-text-muted">{status}</span>
                {condition.reason ? (
                  <span className="min-w-0 break-all text-text-muted">· {asString(condition.reason)}</span>
                ) : null}
                <span className="ml-auto text-xs text-text-muted tabular-nums">
                  {formatAge(asString(condition.lastTransitionTime) ?? null, now)}
                </span>
              </div>
              {condition.message ? (
                <p className="text-xs break-words text-text-muted">{asString(condition.message)}</p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Metadata({ object, namespace }: DetailContext) {
  const now = useNow();
  const metadata = object?.metadata ?? {};
  const labels = Object.entries(metadata.labels ?? {}).slice(0, 100);
  const annotations = Object.entries(metadata.annotations ?? {}).slice(0, 100);
  return (
    <aside className="flex min-w-0 flex-col gap-4 text-sm" data-testid="object-metadata">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        {namespace ? (
          <>
            <dt className="text-text-muted">Namespace</dt>
            <dd className="truncate">{namespace}</dd>
          </>
        ) : null}
        <dt className="text-text-muted">Created</dt>
        <dd title={metadata.creationTimestamp}>{formatAge(metadata.creationTimestamp ?? null, now)} ago</dd>
        <dt className="text-text-muted">UID</dt>
        <dd className="truncate font-mono text-xs" title={metadata.uid}>
          {metadata.uid}
        </dd>
      </dl>
      <div>
        <h2 className="mb-1 text-xs font-medium tracking-wide text-text-muted uppercase">Labels</h2>
        {labels.length === 0 ? (
          <p className="text-text-muted">None</p>
        ) : (
          <ul className="flex flex-wrap gap-1" data-testid="object-labels">
            {labels.map(([key, value]) => (
              <li
                key={key}
                className="max-w-full truncate rounded-sm bg-surface-sunken px-1.5 py-0.5 font-mono text-xs"
                title={`${key}=${value}`}
              >
                {key}={value}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h2 className="mb-1 text-xs font-medium tracking-wide text-text-muted uppercase">Annotations</h2>
        {annotations.length === 0 ? (
          <p className="text-text-muted">None</p>
        ) : (
          <dl className="flex flex-col gap-1">
            {annotations.map(([key, value]) => (
              <div key={key} className="min-w-0">
                <dt className="truncate font-mono text-xs text-text-muted">{key}</dt>
                <dd className="font-mono text-xs break-all">
                  {value.length > MAX_ANNOTATION_CHARS ? `${value.slice(0, MAX_ANNOTATION_CHARS)}…` : value}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </aside>
  );
}
