"use client";

import Link from "next/link";
import { Badge, buttonClassName } from "@/components/ui";
import { formatLatency, STATUS_TONE } from "./format";
import type { ClusterSummary } from "./types";
import { useLiveClusters } from "./use-live-clusters";

/** The overview's compact, live fleet view: counts first, then one line per cluster. */
export function FleetSummary({ clusters }: { clusters: ClusterSummary[] }) {
  const live = useLiveClusters(clusters);
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
          <Link href="/clusters" className={buttonClassName({ variant: "ghost", size: "sm" })}>
            Manage clusters
          </Link>
        </div>
        <ul data-testid="fleet-list" className="divide-y divide-border">
          {live.map((cluster) => (
            <li key={cluster.id}>
              <Link
                href={`/clusters#cluster-${cluster.id}`}
                data-testid={`fleet-row-${cluster.name}`}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm hover:bg-surface-sunken/60"
              >
                <span className="min-w-0 flex-1 font-medium break-words text-text">{cluster.name}</span>
                <span className="font-mono text-xs text-text-muted">{cluster.health.version ?? "—"}</span>
                <span className="w-16 text-right text-xs text-text-muted">
                  {formatLatency(cluster.health.latencyMs)}
                </span>
                <Badge tone={STATUS_TONE[cluster.health.status]} dot>
                  {cluster.health.status}
                </Badge>
                {cluster.health.lastError ? (
                  <span className="w-full text-xs break-words text-danger">{cluster.health.lastError}</span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
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
