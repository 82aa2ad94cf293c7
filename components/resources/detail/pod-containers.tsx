"use client";

import { Badge } from "@/components/ui";
import { asNumber, asRecord, asRecords, asString } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";

type State = {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; finishedAt?: string };
};
type ContainerStatus = { name?: string; ready?: boolean; restartCount?: number; state?: State; lastState?: State };

/** Each container (init containers first): state, readiness, restarts, and why it last stopped. */
export function PodContainers({ pod }: { pod: KubeObject }) {
  const spec = asRecord(pod.spec);
  const status = asRecord(pod.status);
  const statuses = new Map(
    [
      ...asRecords<ContainerStatus>(status.initContainerStatuses),
      ...asRecords<ContainerStatus>(status.containerStatuses),
    ].map((entry) => [entry.name, entry]),
  );
  const containers = [
    ...asRecords(spec.initContainers).map((container) => ({ container, init: true })),
    ...asRecords(spec.containers).map((container) => ({ container, init: false })),
  ].slice(0, 50);
  return (
    <section aria-labelledby="containers-heading" data-testid="pod-containers">
      <h2 id="containers-heading" className="mb-2 text-sm font-semibold text-text">
        Containers
      </h2>
      <ul className="flex flex-col gap-2">
        {containers.map(({ container, init }) => {
          const name = asString(container.name) ?? "";
          const entry = statuses.get(name);
          return (
            <li
              key={`${init ? "init" : "main"}-${name}`}
              className="rounded-lg border border-border bg-surface-raised p-3 text-sm"
              data-testid={`container-${name}`}
            >
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-text">{name}</span>
                {init ? <Badge tone="neutral">init</Badge> : null}
                <StateBadge state={entry?.state} ready={entry?.ready} />
                <span className="ml-auto text-xs text-text-muted tabular-nums" data-testid="container-restarts">
                  {asNumber(entry?.restartCount) ?? 0} restarts
                </span>
              </div>
              <p className="mt-1 truncate font-mono text-xs text-text-muted" title={asString(container.image)}>
                {asString(container.image)}
              </p>
              <StateMessage state={entry?.state} />
              <LastTermination state={entry?.lastState} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function StateBadge({ state, ready }: { state: State | undefined; ready: boolean | undefined }) {
  if (state?.waiting)
    return (
      <Badge tone={waitingTone(state.waiting.reason)} dot>
        {state.waiting.reason ?? "Waiting"}
      </Badge>
    );
  if (state?.terminated) {
    const ok = state.terminated.exitCode === 0;
    return (
      <Badge tone={ok ? "neutral" : "danger"} dot>
        {state.terminated.reason ?? "Terminated"} (exit {state.terminated.exitCode ?? "?"})
      </Badge>
    );
  }
  if (state?.running)
    return (
      <Badge tone={ready ? "success" : "warning"} dot>
        {ready ? "Running, ready" : "Running, not ready"}
      </Badge>
    );
  return <Badge tone="neutral">No status yet</Badge>;
}

function waitingTone(reason: string | undefined) {
  return reason === "ContainerCreating" || reason === "PodInitializing" ? "warning" : "danger";
}

function StateMessage({ state }: { state: State | undefined }) {
  const message = state?.waiting?.message ?? state?.terminated?.message;
  if (!message) return null;
  return <p className="mt-1 text-xs break-words text-text">{message}</p>;
}

/** Why the previous instance stopped: the first thing to read for a crash loop. */
function LastTermination({ state }: { state: State | undefined }) {
  const terminated = state?.terminated;
  if (!terminated) return null;
  return (
    <p className="mt-2 text-xs text-text-muted" data-testid="last-termination">
      Last terminated: <span className="font-medium text-danger">{terminated.reason ?? "Unknown"}</span>, exit code{" "}
      <span className="font-medium text-text tabular-nums" data-testid="last-exit-code">
        {terminated.exitCode ?? "?"}
      </span>
      {terminated.signal ? `, signal ${terminated.signal}` : ""}
      {terminated.finishedAt ? ` at ${new Date(terminated.finishedAt).toLocaleString()}` : ""}
    </p>
  );
}
