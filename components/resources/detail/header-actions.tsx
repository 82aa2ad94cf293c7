"use client";

import type { ComponentType } from "react";
import { AuditLink } from "@/components/operations/audit-link";
import { DeleteAction } from "@/components/operations/delete-action";
import { RolloutActions } from "@/components/operations/rollout-actions";
import { ScaleAction } from "@/components/operations/scale-action";
import type { DetailContext } from "./detail-context";

/**
 * The detail page's header actions slot (scale, restart, edit… from the operations work): each
 * action is its own component in its own file, registered with one line here. An action decides
 * for itself whether it applies to the kind and shows itself disabled, with the reason, when the
 * viewer may not use it.
 */
export const DETAIL_HEADER_ACTIONS: readonly ComponentType<DetailContext>[] = [
  ScaleAction,
  RolloutActions,
  DeleteAction,
  AuditLink,
];

export function DetailHeaderActions(context: DetailContext) {
  if (DETAIL_HEADER_ACTIONS.length === 0 || context.deleted) return null;
  return (
    <div className="flex flex-wrap gap-2" data-testid="detail-header-actions">
      {DETAIL_HEADER_ACTIONS.map((Action, index) => (
        <Action key={index} {...context} />
      ))}
    </div>
  );
}
