"use client";

import { useState } from "react";
import { Badge } from "@/components/ui";
import type { LiveRow } from "@/lib/realtime/live-list";
import { useResource } from "@/lib/realtime/use-resource";
import type { KubeObject } from "@/lib/resources/types";
import { LiveIndicator } from "../live-indicator";
import { StatusChip } from "../status-chip";
import type { DetailContext } from "./detail-context";
import { DetailTabs } from "./detail-tabs";
import { DetailHeaderActions } from "./header-actions";
import { RolloutDiagnosisBanner, useRolloutDiagnosis } from "./rollout-diagnosis";

type Props = Pick<DetailContext, "clusterId" | "resource" | "namespace" | "name" | "operations">;

/**
 * One object, live (useResource): header with its status and freshness, then the tabs. When the
 * object goes away the page stays, marked deleted, showing the last state it had.
 */
export function ObjectDetail({ clusterId, resource, namespace, name, operations }: Props) {
  const live = useResource<KubeObject>({
    clusterId,
    resource: resource.name,
    ...(namespace !== undefined && { namespace }),
    name,
  });
  const last = useLastSeen(live.object, live.row);
  const deleted = live.missing;
  const rollout = useRolloutDiagnosis(clusterId, resource.kind, deleted ? undefined : last.object);
  const context: DetailContext = {
    clusterId,
    resource,
    ...(namespace !== undefined && { namespace }),
    name,
    ...(last.object && { object: last.object }),
    ...(last.row && { row: last.row }),
    deleted,
    ...(rollout && { rollout }),
    ...(operations && { operations }),
  };
  const freshness = { state: live.state, since: live.since, sources: [] };
  return (
    <div className="flex min-w-0 flex-col gap-4" data-testid="object-detail" data-deleted={deleted}>
      <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-text-muted uppercase">
            {resource.kind}
            {namespace ? ` · ${namespace}` : ""}
          </p>
          <h1
            data-testid="page-title"
            className="text-2xl font-semibold tracking-tight break-all text-text"
            title={name}
          >
            {name}
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
            {deleted ? (
              <Badge tone="danger" dot data-testid="object-deleted">
                Deleted
              </Badge>
            ) : last.row ? (
              <StatusChip tone={last.row.status.tone} label={last.row.status.label} reason={last.row.status.reason} />
            ) : null}
            {last.row?.deleting && !deleted ? <Badge tone="warning">Terminating</Badge> : null}
            {deleted ? null : <LiveIndicator list={freshness} />}
          </div>
        </div>
        <DetailHeaderActions {...context} />
      </header>
      <RolloutDiagnosisBanner clusterId={clusterId} namespace={namespace} diagnosis={rollout} />
      {deleted ? <DeletedNotice seen={!!last.object} kind={resource.kind} name={name} /> : null}
      {live.error && !deleted ? (
        <p role="alert" className="rounded-lg border border-danger/40 bg-danger/8 px-4 py-3 text-sm text-danger">
          {live.error.message}
        </p>
      ) : null}
      <DetailTabs context={context} />
    </div>
  );
}

function DeletedNotice({ seen, kind, name }: { seen: boolean; kind: string; name: string }) {
  return (
    <p
      className="rounded-lg border border-warning/40 bg-warning/8 px-4 py-3 text-sm text-text"
      data-testid="deleted-notice"
    >
      {seen
        ? `This ${kind} was deleted. What you see is its last state; its events stay in the Events tab, kept by Pilothouse after the cluster expires them.`
        : `There is no ${kind} named ${name} here: it was deleted, or never existed. Its events, if any, are below.`}
    </p>
  );
}

/** The latest object and row seen, kept after they disappear (a deleted object shows its last state). */
function useLastSeen(object: KubeObject | undefined, row: LiveRow | undefined) {
  const [last, setLast] = useState<{ object?: KubeObject; row?: LiveRow }>({});
  if ((object && object !== last.object) || (row && row !== last.row)) {
    // Adjusting state while rendering (react.dev, "Storing information from previous renders").
    setLast({
      ...((object ?? last.object) ? { object: object ?? last.object } : {}),
      ...((row ?? last.row) ? { row: row ?? last.row } : {}),
    });
  }
  return last;
}
