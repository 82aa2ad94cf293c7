"use client";

import { Command } from "cmdk";
import { useEffect, useState } from "react";
import { RestartDialog } from "@/components/operations/rollout-actions";
import { ScaleDialog } from "@/components/operations/scale-action";
import { useOperationAccess } from "@/components/operations/use-operation-access";
import { useRunOperation } from "@/components/operations/use-run-operation";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { cn } from "@/lib/cn";
import { pauseAction, rolloutPausedAction } from "@/lib/actions/operations";
import type { OperationAccess } from "@/lib/operations/types";
import { ACTION_LABELS, actionHref, type ObjectHit, type PaletteAction, paletteActions } from "@/lib/resources/palette";
import { findKind } from "@/lib/resources/registry";

/** A palette group's heading: small, muted, upper case. */
export const GROUP_CLASS =
  "[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-text-muted [&_[cmdk-group-heading]]:uppercase";

/** An action that opens its dialog once the palette has closed. */
export type PaletteDialog = { action: "scale" | "restart"; hit: ObjectHit };

/** What a chosen object's kind allows; a custom resource (no built-in definition) is edited and deleted. */
export function kindActions(hit: ObjectHit): Readonly<Partial<Record<string, unknown>>> {
  return findKind(hit.resource)?.actions ?? { edit: true, delete: true };
}

/** The object as the operations' components take it (they need no more than where it is). */
export function hitContext(hit: ObjectHit): DetailContext {
  const dot = hit.resource.indexOf(".");
  return {
    clusterId: hit.clusterId,
    resource: {
      name: hit.resource,
      kind: hit.kind,
      namespaced: hit.namespace !== undefined,
      group: dot === -1 ? "" : hit.resource.slice(dot + 1),
    },
    ...(hit.namespace && { namespace: hit.namespace }),
    name: hit.name,
    deleted: false,
  };
}

/**
 * The actions on one chosen object (docs/operations.md, "Palette actions"): the kind's own,
 * disabled with the reason when the role or the cluster's RBAC refuses — the same answer as the
 * detail page's buttons (useOperationAccess). `first` (from "scale web") leads the list.
 */
export function ObjectActions({
  hit,
  first,
  filter,
  navigate,
  openDialog,
  done,
  select,
}: {
  hit: ObjectHit;
  first?: PaletteAction;
  filter: string;
  navigate: (href: string) => void;
  openDialog: (dialog: PaletteDialog) => void;
  done: () => void;
  /** Highlights an action (its cmdk value), for Enter to run it. */
  select: (value: string) => void;
}) {
  const allowed = kindActions(hit);
  const access = useOperationAccess(hitContext(hit));
  const paused = usePaused(hit, Boolean(allowed.pause));
  const { run } = useRunOperation();
  const actions = paletteActions(allowed, paused)
    .sort((a, b) => Number(b === first) - Number(a === first))
    .filter((action) => ACTION_LABELS[action].toLowerCase().includes(filter.trim().toLowerCase()));

  // Once access is known, highlight the first action allowed ("scale web" → Scale), so Enter runs it.
  const leading = access === null ? undefined : actions.find((action) => refusalOf(access, action) === undefined);
  useEffect(() => {
    if (leading) select(`action:${leading}`);
  }, [leading, select]);

  function choose(action: PaletteAction) {
    if (action === "scale" || action === "restart") return openDialog({ action, hit });
    if (action === "pause" || action === "resume") {
      const target = { clusterId: hit.clusterId, resource: hit.resource, namespace: hit.namespace, name: hit.name };
      run(() => pauseAction({ target, paused: action === "pause", change: {} }), {
        success: `${action === "pause" ? "Paused" : "Resumed"} ${hit.name}`,
        failure: `Could not change ${hit.name}`,
      });
      return done();
    }
    navigate(actionHref(hit, action));
  }

  return (
    <Command.Group heading={`${hit.kind} ${hit.name}`} className={GROUP_CLASS} data-testid="command-actions">
      {actions.map((action) => {
        const refusal = refusalOf(access, action);
        return (
          <Command.Item
            key={action}
            value={`action:${action}`}
            disabled={refusal !== undefined}
            onSelect={() => choose(action)}
            data-testid={`command-action-${action}`}
            title={refusal}
            className={cn(
              "flex cursor-pointer items-center gap-2 rounded-md px-2 py-2 text-sm text-text",
              "data-[selected=true]:bg-accent/10 data-[selected=true]:text-accent",
              "data-[disabled=true]:cursor-not-allowed data-[disabled=true]:text-text-muted",
            )}
          >
            <span className="shrink-0">{ACTION_LABELS[action]}</span>
            {refusal ? (
              <span className="ml-auto truncate text-xs" data-testid={`command-action-${action}-reason`}>
                {refusal}
              </span>
            ) : null}
          </Command.Item>
        );
      })}
    </Command.Group>
  );
}

/** Why an action is refused here, or undefined; asked of the server once per chosen object. */
function refusalOf(access: OperationAccess | null, action: PaletteAction): string | undefined {
  if (action === "open" || action === "logs") return undefined;
  if (access === null) return "Checking access…";
  const verdict = access[action === "rollback" ? "rollback" : action];
  return verdict?.allowed ? undefined : (verdict?.reason ?? "Not allowed here");
}

/** A Deployment's paused state (null until known, or for kinds that do not pause). */
function usePaused(hit: ObjectHit, pausable: boolean): boolean | null {
  const [paused, setPaused] = useState<boolean | null>(null);
  const key = pausable
    ? JSON.stringify({ clusterId: hit.clusterId, resource: hit.resource, namespace: hit.namespace, name: hit.name })
    : "";
  useEffect(() => {
    if (!key) return;
    let live = true;
    void rolloutPausedAction(JSON.parse(key)).then((result) => {
      if (live && result.ok) setPaused(result.data.paused);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return key ? paused : null;
}

/** The dialog an action opened, over the page, after the palette closed. */
export function PaletteDialogs({ dialog, onClose }: { dialog: PaletteDialog | null; onClose: () => void }) {
  if (!dialog) return null;
  const context = hitContext(dialog.hit);
  return dialog.action === "scale" ? (
    <ScaleDialog context={context} onClose={onClose} />
  ) : (
    <RestartDialog context={context} onClose={onClose} />
  );
}
