"use client";

import { parseAsString, useQueryState } from "nuqs";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui";
import { createAccessAction } from "@/lib/actions/operations";
import { startingNamespace, type CreatableKind } from "@/lib/operations/create-template";
import type { CreateAccess } from "@/lib/operations/types";
import { useResourceList } from "@/lib/realtime/use-resource-list";
import { parseListView } from "@/lib/resources/list-view";
import { CreateYamlDialog } from "./create-yaml-dialog";
import { NewSecretDialog } from "./secret-form";

export type CreateTarget = CreatableKind & { clusterId: string; resource: string };

/**
 * A list page's "Create" (from YAML) — for Secrets "New Secret" (a typed form, where values stay
 * hidden). Disabled with the reason when the org role or the cluster's RBAC refuses `create`; the
 * dialog offers only the namespaces where the acting identity may create, and starts on the one
 * the list is filtered to (`?ns=`) when it may create there.
 */
export function CreateAction({ target, namespace }: { target: CreateTarget; namespace?: string }) {
  const access = useCreateAccess(target);
  const [filter] = useQueryState("ns", parseAsString);
  const listed = namespace ? [namespace] : parseListView({ ns: filter }, []).namespaces;
  const start = access?.allowed ? startingNamespace(access.namespaces, listed) : undefined;
  const [open, setOpen] = useState(false);
  const isSecret = target.group === "" && target.kind === "Secret";
  const reason = access === null ? "Checking access…" : access.allowed ? undefined : access.reason;
  return (
    <>
      <span className="inline-flex">
        <Button
          size="sm"
          disabled={reason !== undefined}
          title={reason}
          onClick={() => setOpen(true)}
          data-testid="create-open"
        >
          {isSecret ? "New Secret" : "Create"}
        </Button>
        {reason ? (
          <span className="sr-only" data-testid="create-open-reason">
            {reason}
          </span>
        ) : null}
      </span>
      {open && access?.allowed ? (
        isSecret ? (
          <NewSecretDialog
            clusterId={target.clusterId}
            namespaces={access.namespaces}
            namespace={start}
            onClose={() => setOpen(false)}
          />
        ) : (
          <CreateYamlDialog
            target={target}
            namespaces={access.namespaces}
            namespace={start}
            onClose={() => setOpen(false)}
          />
        )
      ) : null}
    </>
  );
}

/** Asked again when the cluster's namespaces change (a namespace created meanwhile can be picked). */
function useCreateAccess(target: CreateTarget): CreateAccess | null {
  const namespaces = useResourceList({
    clusterId: target.clusterId,
    resource: "namespaces",
    enabled: target.namespaced,
  });
  const names = target.namespaced ? namespaces.rows.map((row) => row.name).sort() : [];
  const key = JSON.stringify({ clusterId: target.clusterId, resource: target.resource, namespaces: names });
  const [access, setAccess] = useState<CreateAccess | null>(null);
  useEffect(() => {
    let live = true;
    void createAccessAction(JSON.parse(key)).then((result) => {
      if (live) setAccess(result.ok ? result.data : { allowed: false, reason: result.error.message, namespaces: [] });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return access;
}
