"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge, buttonClassName, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { formatCount, formatLatency, STATUS_TONE } from "./format";
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
        <FleetTable clusters={live} />
      </div>
    </section>
  );
}

/** Column headers, one dash for "no value", and a row that opens its cluster (click, or the link by keyboard). */
function FleetTable({ clusters }: { clusters: ClusterSummary[] }) {
  const router = useRouter();
  return (
    <Table
      caption="Clusters and their health"
      hideCaption
      data-testid="fleet-list"
      containerClassName="rounded-none border-0"
    >
      <THead>
        <tr>
          <Th>Cluster</Th>
          <Th>Status</Th>
          <Th className="hidden sm:table-cell">Version</Th>
          <Th className="hidden text-right md:table-cell">Latency</Th>
          <Th className="hidden text-right md:table-cell">Nodes</Th>
          <Th className="hidden text-right md:table-cell">Pods</Th>
        </tr>
      </THead>
      <TBody>
        {clusters.map((cluster) => (
          <Tr
            key={cluster.id}
            data-testid={`fleet-row-${cluster.name}`}
            className="cursor-pointer"
            onClick={(event) => {
              if (!(event.target as HTMLElement).closest("a")) router.push(`/clusters/${cluster.id}`);
            }}
          >
            <Td className="max-w-64 min-w-32">
              <Link href={`/clusters/${cluster.id}`} className="font-medium break-words text-text hover:underline">
                {cluster.name}
              </Link>
              {cluster.health.lastError ? (
                <span className="block text-xs break-words text-danger">{cluster.health.lastError}</span>
              ) : null}
            </Td>
            <Td>
              <Badge tone={STATUS_TONE[cluster.health.status]} dot>
                {cluster.health.status}
              </Badge>
            </Td>
            <Td className="hidden font-mono text-xs text-text-muted sm:table-cell">{cluster.health.version ?? "—"}</Td>
            <Td className="hidden text-right text-xs text-text-muted tabular-nums md:table-cell">
              {formatLatency(cluster.health.latencyMs)}
            </Td>
            <Td className="hidden text-right text-xs text-text-muted tabular-nums md:table-cell">
              {formatCount(cluster.health.nodeCount)}
            </Td>
            <Td className="hidden text-right text-xs text-text-muted tabular-nums md:table-cell">
              {formatCount(cluster.health.podCount)}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
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
