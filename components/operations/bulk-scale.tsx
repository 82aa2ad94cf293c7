"use client";

import { useState } from "react";
import { Button, Dialog, Input } from "@/components/ui";
import { scaleAction } from "@/lib/actions/operations";

/** Kinds with a `scale` subresource that the list offers to scale in bulk. */
export const SCALABLE_KINDS = ["Deployment", "StatefulSet", "ReplicaSet"];

/** At most this many scale requests in flight at once, however many rows are selected. */
const CONCURRENCY = 4;
export const MAX_BULK = 100;

export type SelectedObject = { namespace?: string; name: string };

type Outcome = { key: string; ok: boolean; text: string };

/**
 * Scale every selected object to one count, each through the same audited action as the detail
 * page, with a result per object (an HPA-owned one is reported unless acknowledged).
 */
export function BulkScaleDialog({
  clusterId,
  resource,
  selected,
  onClose,
}: {
  clusterId: string;
  resource: string;
  selected: SelectedObject[];
  onClose: () => void;
}) {
  const [replicas, setReplicas] = useState("");
  const [typed, setTyped] = useState("");
  const [confirmAutoscaler, setConfirmAutoscaler] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [running, setRunning] = useState(false);
  const count = Number(replicas);
  const valid = replicas.trim() !== "" && Number.isInteger(count) && count >= 0 && count <= 10_000;
  const zeroConfirmed = count !== 0 || typed === `scale ${selected.length} to zero`;

  async function submit() {
    setRunning(true);
    const results: Outcome[] = [];
    const queue = [...selected];
    async function worker() {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const key = next.namespace ? `${next.namespace}/${next.name}` : next.name;
        const result = await scaleAction({
          target: { clusterId, resource, ...(next.namespace && { namespace: next.namespace }), name: next.name },
          change: { replicas: count, ...(confirmAutoscaler && { confirmAutoscaler }) },
        }).catch(() => null);
        results.push(
          result?.ok
            ? { key, ok: true, text: `${result.data.before} → ${result.data.replicas}` }
            : { key, ok: false, text: result?.error.message ?? "Pilothouse could not be reached." },
        );
        setOutcomes([...results]);
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, selected.length) }, worker));
    setRunning(false);
  }

  return (
    <Dialog
      open
      onClose={onClose}
      size="md"
      title={`Scale ${selected.length} selected`}
      data-testid="bulk-scale-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={running}>
            {outcomes && !running ? "Close" : "Cancel"}
          </Button>
          {outcomes ? null : (
            <Button onClick={() => void submit()} disabled={!valid || !zeroConfirmed} data-testid="bulk-scale-submit">
              Scale to {valid ? count : "…"}
            </Button>
          )}
        </>
      }
    >
      {outcomes ? (
        <ul className="flex flex-col gap-1 text-sm" data-testid="bulk-scale-results">
          {outcomes.map((outcome) => (
            <li
              key={outcome.key}
              data-testid={`bulk-scale-result-${outcome.key}`}
              className={outcome.ok ? "text-success" : "text-danger"}
            >
              <span className="font-mono">{outcome.key}</span>: {outcome.text}
            </li>
          ))}
          {running ? <li className="text-text-muted">Scaling…</li> : null}
        </ul>
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-text-muted">
            {selected
              .map((object) => (object.namespace ? `${object.namespace}/${object.name}` : object.name))
              .join(", ")}
          </p>
          <Input
            label="Replicas"
            type="number"
            min={0}
            value={replicas}
            onChange={(event) => setReplicas(event.target.value)}
            data-testid="bulk-scale-replicas"
          />
          {valid && count === 0 ? (
            <Input
              label={`Type "scale ${selected.length} to zero" to stop every pod of each`}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
            />
          ) : null}
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={confirmAutoscaler}
              onChange={(event) => setConfirmAutoscaler(event.target.checked)}
            />
            Scale even objects whose HorizontalPodAutoscaler owns the count (it will change it back)
          </label>
        </div>
      )}
    </Dialog>
  );
}
