import { Badge, EmptyState, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { formatUtc } from "./format-time";
import type { AuditRow } from "@/lib/wire/audit";
import { OutcomeBadge } from "./outcome-badge";

/** One event as the page passes it in (plain strings; the page owns the query). */
export type AuditTableRow = Omit<AuditRow, "outcomeTime"> & { cursor?: string };

export function AuditTable({
  rows,
  filtered,
  clusterNames = {},
}: {
  rows: AuditTableRow[];
  filtered: boolean;
  /** Cluster id → name for the org's clusters; a deleted cluster shows its short id. */
  clusterNames?: Record<string, string>;
}) {
  if (rows.length === 0) {
    return filtered ? (
      <EmptyState
        data-testid="audit-empty-state"
        title="No events match these filters"
        description="Widen the time range, or clear a filter to see more."
      />
    ) : (
      <EmptyState
        data-testid="audit-empty-state"
        title="No activity yet"
        description="Every change made through Pilothouse (members, invitations, tokens, scaling, restarts, rollbacks) is recorded here as it happens."
      />
    );
  }
  return (
    <Table caption="Audit events, newest first" hideCaption stacked data-testid="audit-table">
      <THead>
        <tr>
          <Th>Time (UTC)</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Summary</Th>
          <Th>Outcome</Th>
          <Th>Request id</Th>
          <Th>IP</Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <Tr key={row.id} data-testid="audit-row" data-action={row.action} data-outcome={row.outcome}>
            <Td className="font-mono text-xs whitespace-nowrap">
              <time dateTime={row.time}>{formatUtc(row.time, { seconds: true }).replace(" UTC", "")}</time>
            </Td>
            <Td data-label="Actor" className="max-w-64 min-w-48">
              <ActorCell row={row} />
            </Td>
            <Td data-label="Action" className="font-mono text-xs whitespace-nowrap">
              {row.action}
            </Td>
            <Td data-label="Target" className="max-w-64 min-w-40 break-words">
              <TargetCell row={row} clusterName={row.clusterId ? clusterNames[row.clusterId] : undefined} />
            </Td>
            <Td data-label="Summary" className="max-w-80 min-w-48 text-sm break-words text-text-muted">
              {row.summary ?? "—"}
              {row.outcome === "success" && row.outcomeDetail ? (
                <p className="mt-1 font-mono text-xs text-text" data-testid="audit-change">
                  {row.outcomeDetail}
                </p>
              ) : null}
            </Td>
            <Td data-label="Outcome" className="whitespace-nowrap">
              <OutcomeBadge outcome={row.outcome} detail={row.outcomeDetail} />
              {row.outcomeDetail && row.outcome !== "success" ? (
                <p className="mt-1 max-w-56 text-xs break-words whitespace-normal text-text-muted">
                  {row.outcomeDetail}
                </p>
              ) : null}
            </Td>
            <Td
              data-label="Request id"
              className="font-mono text-xs whitespace-nowrap text-text-muted"
              title={row.requestId}
            >
              {row.requestId.slice(0, 8)}
            </Td>
            <Td data-label="IP" className="font-mono text-xs whitespace-nowrap text-text-muted">
              {row.ip ?? "—"}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

function ActorCell({ row }: { row: AuditTableRow }) {
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-1.5">
      <span className="break-words" title={row.actorUserId ?? undefined}>
        {row.actorEmail ?? (row.actorType === "system" ? "Pilothouse" : "unknown")}
      </span>
      {row.actorType !== "session" ? (
        <Badge tone="info">{row.actorType === "token" ? "API token" : row.actorType}</Badge>
      ) : null}
    </div>
  );
}

function TargetCell({ row, clusterName }: { row: AuditTableRow; clusterName?: string }) {
  const path = [row.namespace, row.name].filter(Boolean).join("/");
  if (!row.kind && !path && !row.clusterId) return <span className="text-text-muted">—</span>;
  return (
    <div className="flex flex-col">
      <span>
        {row.kind ? <span className="text-text-muted">{row.kind} </span> : null}
        {path}
      </span>
      {row.clusterId ? (
        <span className="text-xs text-text-muted" title={row.clusterId}>
          {clusterName ? `on ${clusterName}` : <span className="font-mono">cluster {row.clusterId.slice(0, 8)}</span>}
        </span>
      ) : null}
    </div>
  );
}
