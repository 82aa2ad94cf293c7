"use client";

import Link from "next/link";
import { Badge } from "@/components/ui";
import { LiveIndicator } from "@/components/resources/live-indicator";
import { StatusChip } from "@/components/resources/status-chip";
import { cn } from "@/lib/cn";
import type { LiveListState } from "@/lib/realtime/live-list";
import { useResourceList } from "@/lib/realtime/use-resource-list";
import { formatBytes, formatCores, nodeUsage, share, troubled, type NodeUsage } from "@/lib/resources/cluster-overview";
import { groupEvents } from "@/lib/resources/event-groups";
import { objectHref } from "@/lib/resources/links";
import { findKind } from "@/lib/resources/registry";
import type { ResourceRow } from "@/lib/resources/types";

/** Rows one overview card lists; the rest are counted, with a link to the full list. */
const MAX_CARD_ROWS = 8;
const WORKLOADS = [
  { resource: "deployments.apps", title: "Deployments" },
  { resource: "statefulsets.apps", title: "StatefulSets" },
  { resource: "daemonsets.apps", title: "DaemonSets" },
] as const;

type Props = {
  clusterId: string;
  /** Unset: every namespace. Set: the only namespaces the identity may use (a namespace-scoped credential). */
  namespaces?: readonly string[];
};

/**
 * What is wrong on this cluster, at a glance and live: node bin packing (requested vs allocatable),
 * degraded workloads, pods that are not running and why, recent warnings.
 */
export function ClusterOverview({ clusterId, namespaces }: Props) {
  const scoped = namespaces ? { namespaces } : {};
  const enabled = !namespaces || namespaces.length > 0;
  const nodes = useResourceList({ clusterId, resource: "nodes", enabled: !namespaces });
  const pods = useResourceList({ clusterId, resource: "pods", ...scoped, enabled });
  const warnings = useResourceList({
    clusterId,
    resource: "events",
    ...scoped,
    fieldSelector: "type=Warning",
    enabled,
  });
  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-2" data-testid="cluster-overview">
      {namespaces ? null : <NodesCard clusterId={clusterId} nodes={nodes} pods={pods} />}
      <PodsCard clusterId={clusterId} pods={pods} namespaces={namespaces} />
      <WorkloadsCard clusterId={clusterId} namespaces={namespaces} enabled={enabled} />
      <WarningsCard clusterId={clusterId} warnings={warnings} />
    </div>
  );
}

function Card({
  title,
  testId,
  list,
  href,
  children,
  className,
}: {
  title: string;
  testId: string;
  list?: LiveListState;
  href?: string;
  children: React.ReactNode;
  className?: string;
}) {
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
        {list ? (
          <span className="ml-auto">
            <LiveIndicator list={list} />
          </span>
        ) : null}
      </header>
      {list?.error ? <p className="text-sm text-text-muted">Cannot be listed: {list.error.message}</p> : children}
    </section>
  );
}

function NodesCard({ clusterId, nodes, pods }: { clusterId: string; nodes: LiveListState; pods: LiveListState }) {
  const usage = nodeUsage(nodes.rows, pods.rows);
  return (
    <Card
      title="Nodes"
      testId="overview-nodes"
      list={nodes}
      href={`/clusters/${clusterId}/nodes`}
      className="lg:col-span-2"
    >
      {usage.length === 0 ? (
        <p className="text-sm text-text-muted">{nodes.state === "reconnecting" ? "Listing…" : "No nodes"}</p>
      ) : (
        <ul className="flex flex-col gap-3">
          {usage.slice(0, 50).map((node) => (
            <NodeBars key={node.name} clusterId={clusterId} node={node} />
          ))}
          {usage.length > 50 ? <li className="text-sm text-text-muted">and {usage.length - 50} more nodes</li> : null}
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
  pods,
  namespaces,
}: {
  clusterId: string;
  pods: LiveListState;
  namespaces: readonly string[] | undefined;
}) {
  const failing = troubled(pods.rows);
  const running = pods.rows.filter((row) => row.status.tone === "ok").length;
  const ns = namespaces && namespaces.length > 0 ? `?ns=${namespaces.join(",")}` : "";
  return (
    <Card title="Pods not running" testId="overview-pods" list={pods} href={`/clusters/${clusterId}/pods${ns}`}>
      <p className="text-sm text-text-muted">
        <span className="font-medium text-text tabular-nums">{running}</span> running ·{" "}
        <span className={cn("font-medium tabular-nums", failing.length > 0 ? "text-danger" : "text-text")}>
          {failing.length}
        </span>{" "}
        not running or not ready · {pods.rows.length} in all
      </p>
      <TroubleList clusterId={clusterId} resource="pods" rows={failing} empty="Every pod is running and ready." />
    </Card>
  );
}

function WorkloadsCard({
  clusterId,
  namespaces,
  enabled,
}: {
  clusterId: string;
  namespaces: readonly string[] | undefined;
  enabled: boolean;
}) {
  const scoped = namespaces ? { namespaces } : {};
  const lists = [
    useResourceList({ clusterId, resource: WORKLOADS[0].resource, ...scoped, enabled }),
    useResourceList({ clusterId, resource: WORKLOADS[1].resource, ...scoped, enabled }),
    useResourceList({ clusterId, resource: WORKLOADS[2].resource, ...scoped, enabled }),
  ];
  const degraded = lists.flatMap((list, index) =>
    troubled(list.rows).map((row) => ({ row, resource: WORKLOADS[index]!.resource })),
  );
  return (
    <Card title="Workloads" testId="overview-workloads" list={lists[0]}>
      <ul className="grid grid-cols-3 gap-2 text-sm">
        {WORKLOADS.map((workload, index) => {
          const list = lists[index]!;
          const bad = troubled(list.rows).length;
          return (
            <li key={workload.resource} className="min-w-0 rounded-md bg-surface-sunken px-2 py-1.5">
              <Link
                href={`/clusters/${clusterId}/${workload.resource}`}
                className="block truncate text-xs text-text-muted hover:underline"
              >
                {workload.title}
              </Link>
              <span className="tabular-nums" data-testid={`workloads-${workload.resource}`}>
                <span className="font-medium text-success">{list.rows.length - bad}</span>
                <span className="text-text-muted"> healthy</span>
                {bad > 0 ? <span className="font-medium text-danger"> · {bad} degraded</span> : null}
              </span>
            </li>
          );
        })}
      </ul>
      {degraded.length === 0 ? (
        <p className="text-sm text-text-muted">No degraded workloads.</p>
      ) : (
        <ul className="flex flex-col gap-1.5 text-sm">
          {degraded.slice(0, MAX_CARD_ROWS).map(({ row, resource }) => (
            <TroubleRow key={row.uid} clusterId={clusterId} resource={resource} row={row} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function WarningsCard({ clusterId, warnings }: { clusterId: string; warnings: LiveListState }) {
  const groups = groupEvents(warnings.rows);
  return (
    <Card
      title="Recent warnings"
      testId="overview-warnings"
      list={warnings}
      href={`/clusters/${clusterId}/events?warnings=true`}
    >
      {groups.length === 0 ? (
        <p className="text-sm text-text-muted">No warnings in the last hour.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {groups.slice(0, MAX_CARD_ROWS).map((group) => {
            const latest = group.events[0]!;
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
                <Badge tone="warning">{String(latest.cells.reason ?? "")}</Badge>{" "}
                <span className="text-xs text-text-muted tabular-nums">×{group.count}</span>
                <p className="truncate text-xs text-text-muted" title={String(latest.cells.message ?? "")}>
                  {String(latest.cells.message ?? "")}
                </p>
              </li>
            );
          })}
          {groups.length > MAX_CARD_ROWS ? (
            <li>
              <Link
                href={`/clusters/${clusterId}/events?warnings=true`}
                className="text-xs text-accent hover:underline"
              >
                All {groups.length} objects with warnings
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
  resource,
  rows,
  empty,
}: {
  clusterId: string;
  resource: string;
  rows: ResourceRow[];
  empty: string;
}) {
  if (rows.length === 0) return <p className="text-sm text-success">{empty}</p>;
  return (
    <ul className="flex flex-col gap-1.5 text-sm">
      {rows.slice(0, MAX_CARD_ROWS).map((row) => (
        <TroubleRow key={row.uid} clusterId={clusterId} resource={resource} row={row} />
      ))}
      {rows.length > MAX_CARD_ROWS ? (
        <li className="text-xs text-text-muted">and {rows.length - MAX_CARD_ROWS} more</li>
      ) : null}
    </ul>
  );
}

function TroubleRow({ clusterId, resource, row }: { clusterId: string; resource: string; row: ResourceRow }) {
  return (
    <li className="flex min-w-0 flex-col gap-0.5" data-testid={`trouble-${row.namespace ?? "-"}/${row.name}`}>
      <span className="flex min-w-0 items-center gap-2">
        <StatusChip tone={row.status.tone} label={row.status.label} reason={row.status.reason} />
        <Link
          href={objectHref({ clusterId, resource, namespace: row.namespace, name: row.name })}
          className="min-w-0 truncate font-medium text-accent hover:underline"
        >
          {row.namespace ? <span className="text-text-muted">{row.namespace}/</span> : null}
          {row.name}
        </Link>
      </span>
      {row.status.reason ? (
        <span className="truncate pl-1 text-xs text-text-muted" title={row.status.reason}>
          {row.status.reason}
        </span>
      ) : null}
    </li>
  );
}
