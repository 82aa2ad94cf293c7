"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, buttonClassName } from "@/components/ui";
import { AggregateIndicator, clockTime, LIVE_LOOK, liveStateLabel } from "@/components/resources/live-indicator";
import { cn } from "@/lib/cn";
import type { ConnectionState } from "@/lib/realtime/live-aggregate";
import {
  cardFreshness,
  POD_PHASES,
  type ClusterFigures,
  type ClusterFreshness,
  type PodPhase,
} from "@/lib/resources/fleet";
import { formatLatency, STATUS_TONE } from "./format";
import type { ClusterSummary } from "./types";
import { useFleetFigures } from "./use-fleet-figures";
import { useLiveClusters } from "./use-live-clusters";

/**
 * The fleet home (docs/resource-views.md, Fleet home): counts first, then one live card per
 * cluster with its health, version, nodes, pods by phase, degraded workloads and recent warnings.
 * The header's indicator is the socket's; each card says its own cluster's truth (live, stale
 * since, unreachable and why), so one failing cluster is visibly the failing one.
 */
export function FleetSummary({ clusters }: { clusters: ClusterSummary[] }) {
  const live = useLiveClusters(clusters);
  const { figures, live: counts } = useFleetFigures(live);
  const count = (status: ClusterSummary["health"]["status"]) =>
    live.filter((cluster) => cluster.health.status === status).length;
  const unreachable = count("unreachable");

  return (
    <section aria-labelledby="fleet-heading" data-testid="fleet-summary" className="flex flex-col gap-4">
      <h2 id="fleet-heading" className="sr-only">
        Fleet
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Tile label="Clusters" value={live.length} testId="fleet-count" />
        <Tile label="Healthy" value={count("healthy")} testId="fleet-healthy" tone="text-success" />
        <Tile
          label="Unreachable"
          value={unreachable}
          testId="fleet-unreachable"
          tone={unreachable > 0 ? "text-danger" : undefined}
        />
        <Tile label="Not checked yet" value={count("unknown")} testId="fleet-unknown" />
      </dl>
      <div className="rounded-lg border border-border bg-surface-raised">
        <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-2.5">
          <h3 className="text-sm font-semibold text-text">Clusters</h3>
          <span className="mr-auto">
            <AggregateIndicator live={counts.connection} testId="fleet-connection" />
          </span>
          <Link href="/clusters" className={buttonClassName({ variant: "ghost", size: "sm" })}>
            Manage clusters
          </Link>
        </div>
        <div className="p-3">
          <FleetCards clusters={live} figures={figures} connection={counts.connection} />
        </div>
      </div>
    </section>
  );
}

/** One card per cluster: health and version, then what an on-call engineer scans for. Opens the cluster. */
function FleetCards({
  clusters,
  figures,
  connection,
}: {
  clusters: ClusterSummary[];
  figures: ReadonlyMap<string, ClusterFigures> | null;
  connection: ConnectionState;
}) {
  return (
    <ul data-testid="fleet-list" className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
      {clusters.map((cluster) => (
        <li key={cluster.id}>
          <FleetCard
            cluster={cluster}
            figures={figures?.get(cluster.id)}
            counting={figures === null}
            freshness={cardFreshness(connection, figures?.get(cluster.id)?.freshness, cluster.health)}
          />
        </li>
      ))}
    </ul>
  );
}

function FleetCard({
  cluster,
  figures,
  counting,
  freshness,
}: {
  cluster: ClusterSummary;
  figures?: ClusterFigures;
  counting: boolean;
  freshness: ClusterFreshness;
}) {
  const { health } = cluster;
  const failing = figures?.failingPods ?? 0;
  const degraded = figures?.workloads?.degraded ?? 0;
  return (
    <Link
      href={`/clusters/${cluster.id}`}
      data-testid={`fleet-row-${cluster.name}`}
      className="flex h-full flex-col gap-3 rounded-lg border border-border bg-surface-raised p-4 hover:border-border-strong focus-visible:outline-2 focus-visible:outline-accent"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h4 className="truncate font-semibold text-text">{cluster.name}</h4>
          <p className="font-mono text-xs text-text-muted">
            {health.version ?? "version unknown"} · {formatLatency(health.latencyMs)}
          </p>
        </div>
        <Badge tone={STATUS_TONE[health.status]} dot className="shrink-0">
          {health.status}
        </Badge>
      </div>
      <CardFreshness freshness={freshness} />
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <Figure label="Nodes ready" testId="fleet-nodes">
          {figures?.nodes ? `${figures.nodes.ready}/${figures.nodes.total}` : placeholder(counting)}
        </Figure>
        <Figure label="Warnings, 1 h" testId="fleet-warnings" alarm={(figures?.warnings ?? 0) > 0}>
          {figures?.warnings ?? placeholder(counting)}
        </Figure>
        <Figure label="Workloads degraded" testId="fleet-degraded" alarm={degraded > 0}>
          {figures?.workloads ? `${degraded} of ${figures.workloads.total}` : placeholder(counting)}
        </Figure>
        <Figure label="Pods failing" testId="fleet-failing" alarm={failing > 0}>
          {figures?.failingPods ?? placeholder(counting)}
        </Figure>
      </dl>
      {figures?.pods ? <PodPhases pods={figures.pods} /> : null}
    </Link>
  );
}

function Figure({
  label,
  testId,
  alarm,
  children,
}: {
  label: string;
  testId: string;
  alarm?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="min-w-0">
      <dt className="truncate text-xs text-text-muted">{label}</dt>
      <dd data-testid={testId} className={cn("font-semibold tabular-nums", alarm ? "text-danger" : "text-text")}>
        {children}
      </dd>
    </div>
  );
}

const PHASE_COLOURS: Record<PodPhase, string> = {
  Running: "bg-success",
  Pending: "bg-warning",
  Succeeded: "bg-info",
  Failed: "bg-danger",
  Unknown: "bg-text-muted/60",
};

/** Pods by phase: a stacked bar, then the counts in words (the bar alone says nothing to a screen reader). */
function PodPhases({ pods }: { pods: Record<PodPhase, number> }) {
  const total = POD_PHASES.reduce((sum, phase) => sum + pods[phase], 0);
  const present = POD_PHASES.filter((phase) => pods[phase] > 0);
  return (
    <div data-testid="fleet-pods" className="flex flex-col gap-1.5">
      {/* No bar for no pods: an empty pill says nothing. A phase of a few pods among many keeps a visible sliver. */}
      {total > 0 ? (
        <div aria-hidden="true" className="flex h-1.5 overflow-hidden rounded-full bg-surface-sunken">
          {present.map((phase) => (
            <span
              key={phase}
              className={cn("min-w-1", PHASE_COLOURS[phase])}
              style={{ width: `${(pods[phase] / total) * 100}%` }}
            />
          ))}
        </div>
      ) : null}
      <p className="text-xs text-text-muted">
        {total === 0
          ? "No pods"
          : `${total} pods: ${present.map((phase) => `${pods[phase]} ${phase.toLowerCase()}`).join(", ")}`}
      </p>
    </div>
  );
}

const FRESHNESS_LOOK: Record<ClusterFreshness["state"], { dot: string; text: string }> = {
  ...LIVE_LOOK,
  unreachable: LIVE_LOOK.stale,
};

/** This cluster's own truth, in words, with the reason when it is not live (read, not hovered: phones). */
function CardFreshness({ freshness }: { freshness: ClusterFreshness }) {
  const { state, reason } = freshness;
  const look = FRESHNESS_LOOK[state];
  return (
    <p
      role="status"
      data-testid="fleet-freshness"
      data-state={state}
      className={cn("flex min-w-0 items-baseline gap-1.5 text-xs", look.text)}
    >
      <span aria-hidden="true" className={cn("size-2 shrink-0 translate-y-px rounded-full", look.dot)} />
      <span className="min-w-0 break-words">
        <span className="font-medium">{freshnessLabel(freshness)}</span>
        {reason && state !== "live" ? <span data-testid="fleet-freshness-reason">: {reason}</span> : null}
      </span>
    </p>
  );
}

function freshnessLabel({ state, since }: ClusterFreshness) {
  if (state === "unreachable") return since ? `Unreachable since ${clockTime(since)}` : "Unreachable";
  if (state === "stale" && !since) return "Stale";
  return liveStateLabel(state, since ?? "");
}

function placeholder(counting: boolean) {
  return counting ? "…" : "—";
}

function Tile({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: string }) {
  return (
    <div className="rounded-lg border border-border bg-surface-raised px-4 py-3">
      <dt className="text-xs text-text-muted">{label}</dt>
      <dd data-testid={testId} className={`mt-1 text-2xl font-semibold tabular-nums ${tone ?? "text-text"}`}>
        {value}
      </dd>
    </div>
  );
}
