import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, Button } from "@/components/ui";
import { AUTH_TYPE_LABELS } from "@/lib/wire/clusters";
import { CheckNowButton } from "./check-now-button";
import { formatCount, formatLatency, STATUS_TONE } from "./format";
import { HealthTiming } from "./health-timing";
import type { ClusterSummary } from "./types";

export type ClusterCardAction = "rename" | "rotate" | "impersonation" | "delete";

/** One cluster at a glance. Every string from the cluster or its owner is rendered as text. */
export function ClusterCard({
  cluster,
  canManage,
  onAction,
}: {
  cluster: ClusterSummary;
  canManage: boolean;
  onAction: (action: ClusterCardAction, cluster: ClusterSummary) => void;
}) {
  const { health } = cluster;
  return (
    <article
      id={`cluster-${cluster.id}`}
      data-testid={`cluster-card-${cluster.name}`}
      data-status={health.status}
      aria-labelledby={`cluster-${cluster.id}-name`}
      className="flex w-full min-w-0 flex-col gap-3 rounded-lg border border-border bg-surface-raised p-4"
    >
      <header className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={`cluster-${cluster.id}-name`} className="text-base font-semibold break-words text-text">
            <Link
              href={`/clusters/${cluster.id}`}
              className="hover:underline"
              data-testid={`cluster-open-${cluster.name}`}
            >
              {cluster.name}
            </Link>
          </h2>
          <p className="mt-0.5 font-mono text-xs break-all text-text-muted">{cluster.server}</p>
        </div>
        <Badge
          tone={STATUS_TONE[health.status]}
          dot
          className="shrink-0"
          data-testid={`cluster-status-${cluster.name}`}
        >
          {health.status}
        </Badge>
      </header>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <Fact label="Version">
          <span data-testid={`cluster-version-${cluster.name}`} className="font-mono">
            {health.version ?? "—"}
          </span>
        </Fact>
        <Fact label="Latency">{formatLatency(health.latencyMs)}</Fact>
        <Fact label="Nodes">{formatCount(health.nodeCount)}</Fact>
        <Fact label="Pods">{formatCount(health.podCount)}</Fact>
      </dl>
      {health.lastError ? (
        <p
          data-testid={`cluster-error-${cluster.name}`}
          className="rounded-md bg-danger/8 px-3 py-2 text-xs break-words text-danger"
        >
          {health.lastError}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-text-muted">
          <HealthTiming health={health} testId={`cluster-timing-${cluster.name}`} />
        </p>
        <CheckNowButton cluster={cluster} />
      </div>
      <footer className="mt-auto flex flex-wrap items-center justify-between gap-2 border-t border-border pt-3">
        <p className="text-xs text-text-muted">
          {AUTH_TYPE_LABELS[cluster.authType]}
          {cluster.impersonate ? " · acts as each person" : ""}
        </p>
        {canManage ? (
          <div className="flex flex-wrap gap-1">
            <Button
              size="sm"
              variant="ghost"
              data-testid={`cluster-rename-${cluster.name}`}
              aria-label={`Rename ${cluster.name}`}
              onClick={() => onAction("rename", cluster)}
            >
              Rename
            </Button>
            <Button
              size="sm"
              variant="ghost"
              data-testid={`cluster-rotate-${cluster.name}`}
              aria-label={`Rotate the credential of ${cluster.name}`}
              onClick={() => onAction("rotate", cluster)}
            >
              Rotate credential
            </Button>
            <Button
              size="sm"
              variant="ghost"
              data-testid={`cluster-impersonation-${cluster.name}`}
              onClick={() => onAction("impersonation", cluster)}
            >
              {cluster.impersonate ? "Stop acting as each person" : "Act as each person"}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              className="text-danger"
              data-testid={`cluster-delete-${cluster.name}`}
              aria-label={`Delete ${cluster.name}`}
              onClick={() => onAction("delete", cluster)}
            >
              Delete
            </Button>
          </div>
        ) : null}
      </footer>
    </article>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-text-muted">{label}</dt>
      <dd className="truncate font-medium text-text">{children}</dd>
    </div>
  );
}
