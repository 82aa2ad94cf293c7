"use client";

import { rolloutOf, type RolloutDiagnosis } from "@/lib/resources/rollout-diagnosis";
import type { KubeObject } from "@/lib/resources/types";

/** Rollout progress as bars against the desired count: a stuck rollout shows as a short bar. */
export function RolloutProgress({
  kind,
  object,
  diagnosis,
}: {
  kind: string;
  object: KubeObject;
  diagnosis?: RolloutDiagnosis | undefined;
}) {
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
      {diagnosis ? (
        <p
          className={diagnosis.cause === "paused" ? "mt-2 text-sm text-warning" : "mt-2 text-sm text-danger"}
          data-testid="rollout-short-cause"
        >
          {diagnosis.cause === "paused" ? "Paused" : "Stuck"}: {diagnosis.summary}
        </p>
      ) : null}
    </section>
  );
}
