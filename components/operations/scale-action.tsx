"use client";

import { useEffect, useState } from "react";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { Dialog, Input } from "@/components/ui";
import { describeScaleAction, scaleAction } from "@/lib/actions/operations";
import { OperationButton } from "./operation-button";
import { OperationFooter } from "./operation-footer";
import { targetOf, useOperationAccess } from "./use-operation-access";
import { useRunOperation } from "./use-run-operation";

/** Header action for Deployments, StatefulSets and ReplicaSets. */
export function ScaleAction(context: DetailContext) {
  const access = useOperationAccess(context);
  const [open, setOpen] = useState(false);
  if (!["Deployment", "StatefulSet", "ReplicaSet"].includes(context.resource.kind)) return null;
  return (
    <>
      <OperationButton
        access={access}
        action="scale"
        label="Scale"
        onClick={() => setOpen(true)}
        testId="action-scale"
      />
      {open ? <ScaleDialog context={context} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

type Current = { replicas: number; resourceVersion: string; autoscaler: string | null };

/**
 * Replicas, with two safeguards: an HPA that owns the count must be acknowledged (it will change
 * it back), and scaling to zero needs the object's name typed.
 */
export function ScaleDialog({
  context,
  onClose,
}: {
  context: Pick<DetailContext, "clusterId" | "resource" | "namespace" | "name">;
  onClose: () => void;
}) {
  const [current, setCurrent] = useState<Current | null>(null);
  const [replicas, setReplicas] = useState("");
  const [typedName, setTypedName] = useState("");
  const [confirmAutoscaler, setConfirmAutoscaler] = useState(false);
  const [error, setError] = useState<string>();
  const { pending, run } = useRunOperation();
  const target = targetOf(context);
  const key = JSON.stringify(target);

  useEffect(() => {
    void describeScaleAction(JSON.parse(key)).then((result) => {
      if (!result.ok) return setError(result.error.message);
      setCurrent(result.data);
      setReplicas(String(result.data.replicas));
    });
  }, [key]);

  const count = Number(replicas);
  const valid = replicas.trim() !== "" && Number.isInteger(count) && count >= 0 && count <= 10_000;
  const needsName = valid && count === 0;
  const ready =
    valid &&
    current !== null &&
    (!needsName || typedName === context.name) &&
    (!current.autoscaler || confirmAutoscaler);

  function submit() {
    run(
      () => scaleAction({ target, change: { replicas: count, ...(current!.autoscaler && { confirmAutoscaler }) } }),
      { success: `Scaling ${context.name} to ${count}`, failure: `Could not scale ${context.name}` },
      { onDone: onClose, onError: (failure) => setError(failure.message) },
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      size="sm"
      title={`Scale ${context.name}`}
      description={current ? `Now ${current.replicas} replicas.` : "Reading the replica count…"}
      data-testid="scale-dialog"
      footer={
        <OperationFooter
          onCancel={onClose}
          onConfirm={submit}
          disabled={!ready}
          pending={pending}
          testId="scale-submit"
          label={`Scale to ${valid ? count : "…"}`}
        />
      }
    >
      <div className="flex flex-col gap-4">
        <Input
          label="Replicas"
          type="number"
          min={0}
          max={10_000}
          inputMode="numeric"
          value={replicas}
          onChange={(event) => setReplicas(event.target.value)}
          error={replicas !== "" && !valid ? "a whole number from 0 to 10000" : undefined}
          data-testid="scale-replicas"
        />
        {current?.autoscaler ? (
          <label className="flex items-start gap-2 rounded-lg border border-warning/40 bg-warning/8 p-3 text-sm text-text">
            <input
              type="checkbox"
              checked={confirmAutoscaler}
              onChange={(event) => setConfirmAutoscaler(event.target.checked)}
              data-testid="scale-confirm-autoscaler"
              className="mt-0.5"
            />
            <span>
              HorizontalPodAutoscaler <strong>{current.autoscaler}</strong> owns the replica count and will change it
              back. Scale anyway.
            </span>
          </label>
        ) : null}
        {needsName ? (
          <Input
            label={`Type ${context.name} to scale to zero`}
            value={typedName}
            onChange={(event) => setTypedName(event.target.value)}
            autoComplete="off"
            data-testid="scale-typed-name"
            hint="Zero replicas stops every pod."
          />
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-danger" data-testid="scale-error">
            {error}
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}
