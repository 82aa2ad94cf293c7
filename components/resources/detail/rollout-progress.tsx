"use client";

import { asNumber, asRecord } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";

type Progress = { desired: number; updated: number; ready: number; available: number };

/** Desired, updated, ready and available the way each workload kind reports them. */
export function rolloutOf(kind: string, object: KubeObject): Progress | undefined {
  const spec = asRecord(object.spec);
  const status = asRecord(object.status);
  const count = (value: unknown) => asNumber(value) ?? 0;
  if (kind === "DaemonSet") {
    return {
      desired: count(status.desiredNumberScheduled),
      updated: count(status.updatedNumberScheduled),
      ready: count(status.numberReady),
      available: count(status.numberAvailable),
    };
  }
  if (kind === "Deployment" || kind === "StatefulSet" || kind === "ReplicaSet") {
    return {
      desired: asNumber(spec.replicas) ?? 1,
      updated: kind === "ReplicaSet" ? count(status.replicas) : count(status.updatedReplicas),
      ready: count(status.readyReplicas),
      // StatefulSets on older clusters do not report availableReplicas: ready is the best they say.
      available: asNumber(status.availableReplicas) ?? count(status.readyReplicas),
    };
  }
  return undefined;
}

/** Rollout progress as bars against the desired count: a stuck rollout shows as a short bar. */
export function RolloutProgress({ kind, object }: { kind: string; object: KubeObject }) {
  const progress = rolloutOf(kind, object);
  if (!progress) return null;
  const rows: [string, number][] = [
    ["Updated", progress.updated],
    ["Ready", progress.ready],
    ["Available", progress.available],
  ];
  return (
    <section aria-labelledby="rollout-heading" data-testid="rollout-progress">
      <h2 id="rollout-heading" className="mb-2 text-sm font-semibold text-text">
        Rollout <span className="font-normal text-text-muted">· {progress.desired} desired</span>
      </h2>
      <dl className="flex max-w-lg flex-col gap-2 text-sm">
        {rows.map(([label, value]) => {
          const share = progress.desired === 0 ? 1 : Math.min(1, value / progress.desired);
          return (
            <div key={label} className="grid grid-cols-[6rem_1fr_4rem] items-center gap-3">
              <dt className="text-text-muted">{label}</dt>
              <dd className="h-2 overflow-hidden rounded-full bg-surface-sunken" aria-hidden="true">
                <div
                  className={share < 1 ? "h-full bg-warning" : "h-full bg-success"}
                  style={{ width: `${Math.round(share * 100)}%` }}
                />
              </dd>
              <dd className="text-right tabular-nums" data-testid={`rollout-${label.toLowerCase()}`}>
                {value}/{progress.desired}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
