"use client";

import { useState } from "react";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { Dialog, Input } from "@/components/ui";
import { pauseAction, restartAction, setImageAction } from "@/lib/actions/operations";
import { asArray, asRecord, asString } from "@/lib/resources/cells";
import { OperationButton } from "./operation-button";
import { OperationFooter } from "./operation-footer";
import { targetOf, useOperationAccess } from "./use-operation-access";
import { useRunOperation } from "./use-run-operation";

const ROLLING_KINDS = ["Deployment", "StatefulSet", "DaemonSet"];

/** Restart (every pod replaced, as `kubectl rollout restart`), pause/resume, set image. */
export function RolloutActions(context: DetailContext) {
  const access = useOperationAccess(context);
  const [dialog, setDialog] = useState<"restart" | "image" | null>(null);
  const { pending, run } = useRunOperation();
  if (!ROLLING_KINDS.includes(context.resource.kind)) return null;
  const target = targetOf(context);
  const paused = asRecord(context.object?.spec).paused === true;
  const isDeployment = context.resource.kind === "Deployment";

  function togglePause() {
    run(() => pauseAction({ target, paused: !paused, change: {} }), {
      success: `${paused ? "Resumed" : "Paused"} ${context.name}`,
      failure: `Could not change ${context.name}`,
    });
  }

  return (
    <>
      <OperationButton
        access={access}
        action="restart"
        label="Restart"
        onClick={() => setDialog("restart")}
        testId="action-restart"
      />
      {isDeployment ? (
        <OperationButton
          access={pending ? {} : access}
          action={paused ? "resume" : "pause"}
          label={paused ? "Resume rollout" : "Pause rollout"}
          onClick={togglePause}
          testId={paused ? "action-resume" : "action-pause"}
        />
      ) : null}
      <OperationButton
        access={access}
        action="setImage"
        label="Set image"
        onClick={() => setDialog("image")}
        testId="action-set-image"
      />
      {dialog === "restart" ? <RestartDialog context={context} onClose={() => setDialog(null)} /> : null}
      {dialog === "image" ? <SetImageDialog context={context} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

/** Restart confirmation: every pod replaced, as `kubectl rollout restart` (the palette opens it too). */
export function RestartDialog({
  context,
  onClose,
}: {
  context: Pick<DetailContext, "clusterId" | "resource" | "namespace" | "name">;
  onClose: () => void;
}) {
  const { pending, run } = useRunOperation();
  return (
    <Dialog
      open
      onClose={onClose}
      size="sm"
      title={`Restart ${context.name}?`}
      description="Every pod is replaced, a few at a time, as the rollout strategy allows."
      data-testid="restart-dialog"
      footer={
        <OperationFooter
          onCancel={onClose}
          pending={pending}
          testId="restart-confirm"
          label={`Restart ${context.name}`}
          onConfirm={() =>
            run(
              () => restartAction({ target: targetOf(context), change: {} }),
              { success: `Restarting ${context.name}`, failure: `Could not restart ${context.name}` },
              { onDone: onClose },
            )
          }
        />
      }
    />
  );
}

function SetImageDialog({ context, onClose }: { context: DetailContext; onClose: () => void }) {
  const containers = asArray(asRecord(asRecord(asRecord(context.object?.spec).template).spec).containers).map(
    (container) => ({
      name: asString(asRecord(container).name) ?? "",
      image: asString(asRecord(container).image) ?? "",
    }),
  );
  const [container, setContainer] = useState(containers[0]?.name ?? "");
  const [image, setImage] = useState(containers[0]?.image ?? "");
  const [error, setError] = useState<string>();
  const { pending, run } = useRunOperation();
  const before = containers.find((entry) => entry.name === container)?.image;
  return (
    <Dialog
      open
      onClose={onClose}
      size="sm"
      title={`Set an image of ${context.name}`}
      data-testid="set-image-dialog"
      footer={
        <OperationFooter
          onCancel={onClose}
          pending={pending}
          disabled={!container || !image.trim() || image === before}
          testId="set-image-submit"
          label="Set image"
          onConfirm={() =>
            run(
              () => setImageAction({ target: targetOf(context), change: { container, image: image.trim() } }),
              { success: `${container}: ${before} → ${image.trim()}`, failure: `Could not set the image` },
              { onDone: onClose, onError: (failure) => setError(failure.message) },
            )
          }
        />
      }
    >
      <div className="flex flex-col gap-4">
        <label className="flex flex-col gap-1.5 text-sm font-medium text-text">
          Container
          <select
            value={container}
            onChange={(event) => {
              setContainer(event.target.value);
              setImage(containers.find((entry) => entry.name === event.target.value)?.image ?? "");
            }}
            className="rounded-md border border-border bg-surface px-3 py-2 text-sm"
            data-testid="set-image-container"
          >
            {containers.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <Input
          label="Image"
          value={image}
          onChange={(event) => setImage(event.target.value)}
          error={error}
          data-testid="set-image-image"
        />
      </div>
    </Dialog>
  );
}
