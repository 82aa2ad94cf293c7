"use client";

import Link from "next/link";
import { Badge } from "@/components/ui";
import { AggregateIndicator } from "@/components/resources/live-indicator";
import { StatusChip } from "@/components/resources/status-chip";
import { cn } from "@/lib/cn";
import type { AggregateState } from "@/lib/realtime/live-aggregate";
import { isAwaitingAnswer } from "@/lib/realtime/live-list";
import { useAggregate } from "@/lib/realtime/use-aggregate";
import { isRefused, type OverviewData, type Refused, type TroubleEntry } from "@/lib/resources/aggregates";
import { formatBytes, formatCores, share, type NodeUsage } from "@/lib/resources/cluster-overview";
import { objectHref } from "@/lib/resources/links";
import { findKind } from "@/lib/resources/registry";

type Props = {
  clusterId: string;
  /** Unset: every namespace. Set: the only namespaces the identity may use (a namespace-scoped credential). */
  namespaces?: readonly string[];
};

type Live = AggregateState<OverviewData>;

/**
 * What is wrong on this cluster, at a glance and live: node bin packing (requested vs allocatable),
 * degraded workloads, pods that are not running and why, recent warnings. The server computes the
 * figures from its cached rows and pushes them (docs/realtime.md, "Aggregates"): at 10k pods the
 * page holds a few kilobytes, not every pod.
 */
export function ClusterOverview({ clusterId, namespaces }: Props) {
  const enabled = !namespaces || namespaces.length > 0;
  const live = useAggregate<OverviewData>(
    enabled ? { view: "overview", clusterId, ...(namespaces && { namespaces: [...namespaces] }) } : null,
  );
  const data = live.data;
  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-2" data-testid="cluster-overview">
      {namespaces ? null : <NodesCard clusterId={clusterId} live={live} nodes={data?.nodes} />}
      <PodsCard clusterId={clusterId} live={live} pods={data?.pods} namespaces={namespaces} />
      <WorkloadsCard clusterId={clusterId} live={live} workloads={data?.workloads} />
      <WarningsCard clusterId={clusterId} live={live} warnings={data?.warnings} />
    </div>
  );
}

function Card({
  title,
  testId,
  live,
  href,
  refused,
  children,
  className,
}: {
  title: string;
  testId: string;
  live: Live;
  href?: string;
  refused?: Refused;
  children: React.ReactNode;
  className?: string;
}) {
  const error = live.error?.message ?? refused?.refused;
  return (
    <section
      aria-label={title}
      data-testid={testId}
      className={cn("flex min-w-0 flex-col gap-3 rounded-xl border border-border bg-surface-raised p-4", className)}
    >
      <header className="flex items-center gap-3">
        <h2 className="text-sm font-semibold text-text">
          {href ? (
            <Link href={href} className="hover:underline">
              {title}
            </Link>
          ) : (
            title
          )}
        </h2>
        <span className="ml-auto">
          <AggregateIndicator live={live} />
        </span>
      </header>
      {error ? (
        <p className="text-sm text-text-muted">Cannot be listed: {error}</p>
      ) : live.data === null ? (
        <p className="text-sm text-text-muted">Counting…</p>
      ) : (
        children
      )}
    </section>
  );
}

function NodesCard({
  clusterId,
  live,
  nodes,
}: {
  clusterId: string;
  live: Live;
  nodes: OverviewData["nodes"] | undefined;
}) {
  const refused = isRefused(nodes) ? nodes : undefined;
  const usage = nodes && !isRefused(nodes) ? nodes : { items: [], total: 0 };
  return (
    <Card
      title="Nodes"
      testId="overview-nodes"
      live={live}
      refused={refused}
      href={`/clusters/${clusterId}/nodes`}
      className="lg:col-span-2"
    >
      {usage.items.length === 0 ? (
        <p className="text-sm text-text-muted">{isAwaitingAnswer(live.state) ? "Listing…" : "No nodes"}</p>
      ) : (
        <ul className="flex flex-col gap-3">
          {usage.items.map((node) => (
            <NodeBars key={node.name} clusterId={clusterId} node={node} />
          ))}
          {usage.total > usage.items.length ? (
            <li className="text-sm text-text-muted">and {usage.total - usage.items.length} more nodes</li>
          ) : null}
        </ul>
      )}
      <p className="text-xs text-text-muted">
        Bars: CPU and memory requested by the node&apos;s pods, against what it can allocate.
      </p>
    </Card>
  );
}

function NodeBars({ clusterId, node }: { clusterId: string; node: NodeUsage }) {
  return (
    <li
      className="grid gap-2 sm:grid-cols-[minmax(0,12rem)_1fr_1fr] sm:items-center"
      data-testid={`node-usage-${node.name}`}
    >
      <div className="flex min-w-0 items-center gap-2">
        <Link
          href={objectHref({ clusterId, resource: "nodes", name: node.name })}
          className="truncate text-sm font-medium text-accent hover:underline"
        >
          {node.name}
        </Link>
        <StatusChip tone={node.status.tone} label={node.status.label} reason={node.status.reason} />
      </div>
      <UsageBar
        label="CPU"
        testId="cpu"
        value={share(node.cpu.requested, node.cpu.allocatable)}
        text={`${formatCores(node.cpu.requested)} of ${node.cpu.allocatable === null ? "?" : formatCores(node.cpu.allocatable)}`}
      />
      <UsageBar
        label="Memory"
        testId="memory"
        value={share(node.memory.requested, node.memory.allocatable)}
        text={`${formatBytes(node.memory.requested)} of ${node.memory.allocatable === null ? "?" : formatBytes(node.memory.allocatable)}`}
      />
    </li>
  );
}

function UsageBar({
  label,
  value,
  text,
  testId,
}: {
  label: string;
  value: number | null;
  text: string;
  testId: string;
}) {
  const percent = value === null ? 0 : Math.round(value * 100);
  const tone = percent >= 90 ? "bg-danger" : percent >= 70 ? "bg-warning" : "bg-accent";
  return (
    <div className="flex min-w-0 flex-col gap-1" data-testid={`usage-${testId}`}>
      <div className="flex justify-between gap-2 text-xs">
        <span className="text-text-muted">{label}</span>
        <span className="truncate text-text tabular-nums" data-testid={`usage-${testId}-text`}>
          {text} {value === null ? "" : `(${percent}%)`}
        </span>
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-surface-sunken"
        role="meter"
        aria-label={`${label} requested`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(percent, 100)}
      >
        <div className={cn("h-full rounded-full", tone)} style={{ width: `${Math.min(percent, 100)}%` }} />
      </div>
    </div>
  );
}

function PodsCard({
  clusterId,
  live,
  pods,
  namespaces,
}: {
  clusterId: string;
  live: Live;
  pods: OverviewData["pods"] | undefined;
  namespaces: readonly string[] | undefined;
}) {
  const ns = namespaces && namespaces.length > 0 ? `?ns=${namespaces.join(",")}` : "";
  const figures = pods && !isRefused(pods) ? pods : { running: 0, notRunning: 0, total: 0, top: [] };
  return (
    <Card
      title="Pods not running"
      testId="overview-pods"
      live={live}
      refused={isRefused(pods) ? pods : undefined}
      href={`/clusters/${clusterId}/pods${ns}`}
    >
      <p className="text-sm text-text-muted">
        <span className="font-medium text-text tabular-nums">{figures.running}</span> running ·{" "}
        <span className={cn("font-medium tabular-nums", figures.notRunning > 0 ? "text-danger" : "text-text")}>
          {figures.notRunning}
        </span>{" "}
        not running or not ready · {figures.total} in all
      </p>
      <TroubleList
        clusterId={clusterId}
        entries={figures.top}
        total={figures.notRunning}
        allHref={`/clusters/${clusterId}/pods${ns}`}
        empty="Every pod is running and ready."
      />
    </Card>
  );
}

function WorkloadsCard({
  clusterId,
  live,
  workloads,
}: {
  clusterId: string;
  live: Live;
  workloads: OverviewData["workloads"] | undefined;
}) {
  return (
    <Card title="Workloads" testId="overview-workloads" live={live}>
      <ul className="grid grid-cols-3 gap-2 text-sm">
        {(workloads?.kinds ?? []).map((workload) => (
          <li key={workload.resource} className="min-w-0 rounded-md bg-surface-sunken px-2 py-1.5">
            <Link
              href={`/clusters/${clusterId}/${workload.resource}`}
              className="block truncate text-xs text-text-muted hover:underline"
            >
              {workload.title}
            </Link>
            <span className="tabular-nums" data-testid={`workloads-${workload.resource}`}>
              {"refused" in workload ? (
                <span className="text-text-muted" title={workload.refused}>
                  —
                </span>
              ) : (
                <>
                  <span className="font-medium text-success">{workload.healthy}</span>
                  <span className="text-text-muted"> healthy</span>
                  {workload.degraded > 0 ? (
                    <span className="font-medium text-danger"> · {workload.degraded} degraded</span>
                  ) : null}
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
      {!workloads || workloads.top.length === 0 ? (
        <p className="text-sm text-text-muted">No degraded workloads.</p>
      ) : (
        <ul className="flex flex-col gap-1.5 text-sm">
          {workloads.top.map((entry) => (
            <TroubleRow key={entry.uid} clusterId={clusterId} entry={entry} />
          ))}
          {workloads.degraded > workloads.top.length ? (
            <li className="text-xs text-text-muted">and {workloads.degraded - workloads.top.length} more</li>
          ) : null}
        </ul>
      )}
    </Card>
  );
}

function WarningsCard({
  clusterId,
  live,
  warnings,
}: {
  clusterId: string;
  live: Live;
  warnings: OverviewData["warnings"] | undefined;
}) {
  const figures = warnings && !isRefused(warnings) ? warnings : { groups: [], total: 0 };
  const allHref = `/clusters/${clusterId}/events?warnings=true`;
  return (
    <Card
      title="Recent warnings"
      testId="overview-warnings"
      live={live}
      refused={isRefused(warnings) ? warnings : undefined}
      href={allHref}
    >
      {figures.groups.length === 0 ? (
        <p className="text-sm text-text-muted">No warnings in the last hour.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {figures.groups.map((group) => {
            const clusterScoped = findKind(group.resource)?.namespaced === false;
            return (
              <li key={group.key} className="min-w-0">
                <Link
                  href={objectHref({
                    clusterId,
                    resource: group.resource,
                    namespace: clusterScoped ? undefined : group.namespace,
                    name: group.name,
                    tab: "events",
                  })}
                  className="font-medium text-accent hover:underline"
                >
                  <span className="text-text-muted">{group.kind}</span> {group.name}
                </Link>{" "}
                <Badge tone="warning">{group.reason}</Badge>{" "}
                <span className="text-xs text-text-muted tabular-nums">×{group.count}</span>
                <p className="truncate text-xs text-text-muted" title={group.message}>
                  {group.message}
                </p>
              </li>
            );
          })}
          {figures.total > figures.groups.length ? (
            <li>
              <Link href={allHref} className="text-xs text-accent hover:underline">
                All {figures.total} objects with warnings
              </Link>
            </li>
          ) : null}
        </ul>
      )}
    </Card>
  );
}

function TroubleList({
  clusterId,
  entries,
  total,
  allHref,
  empty,
}: {
  clusterId: string;
  entries: readonly TroubleEntry[];
  total: number;
  allHref: string;
  empty: string;
}) {
  if (entries.length === 0) return <p className="text-sm text-success">{empty}</p>;
  return (
    <ul className="flex flex-col gap-1.5 text-sm">
      {entries.map((entry) => (
        <TroubleRow key={entry.uid} clusterId={clusterId} entry={entry} />
      ))}
      {total > entries.length ? (
        <li className="text-xs">
          <Link href={allHref} className="text-accent hover:underline" data-testid="trouble-more">
            and {total - entries.length} more
          </Link>
        </li>
      ) : null}
    </ul>
  );
}

function TroubleRow({ clusterId, entry }: { clusterId: string; entry: TroubleEntry }) {
  return (
    <li className="flex min-w-0 flex-col gap-0.5" data-testid={`trouble-${entry.namespace ?? "-"}/${entry.name}`}>
      <span className="flex min-w-0 items-center gap-2">
        <StatusChip tone={entry.status.tone} label={entry.status.label} reason={entry.status.reason} />
        <Link
          href={objectHref({ clusterId, resource: entry.resource, namespace: entry.namespace, name: entry.name })}
          className="min-w-0 truncate font-medium text-accent hover:underline"
        >
          {entry.namespace ? <span className="text-text-muted">{entry.namespace}/</span> : null}
          {entry.name}
        </Link>
      </span>
      {entry.status.reason ? (
        <span className="truncate pl-1 text-xs text-text-muted" title={entry.status.reason}>
          {entry.status.reason}
        </span>
      ) : null}
    </li>
  );
}
