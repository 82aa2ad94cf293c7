"use client";

import { useEffect, useState } from "react";
import { operationAccessAction } from "@/lib/actions/operations";
import type { OperationAccess } from "@/lib/operations/types";
import type { DetailContext } from "@/components/resources/detail/detail-context";

/** The object's operations target, as the server actions take it. */
export function targetOf(context: Pick<DetailContext, "clusterId" | "resource" | "namespace" | "name">) {
  return {
    clusterId: context.clusterId,
    resource: context.resource.name,
    ...(context.namespace && { namespace: context.namespace }),
    name: context.name,
  };
}

/**
 * Which operations the viewer may use on this object and why not (org role, then the cluster's
 * RBAC for the acting identity). The detail page hands the verdict down (`context.operations`,
 * worked out once per request); only a context without it asks the server here. Every action
 * checks again when it runs.
 */
export function useOperationAccess(context: DetailContext): OperationAccess | null {
  const [asked, setAccess] = useState<OperationAccess | null>(null);
  const { clusterId, namespace, name, operations } = context;
  const resource = context.resource.name;
  const handedDown = operations !== undefined;
  useEffect(() => {
    if (handedDown) return;
    let live = true;
    void operationAccessAction({ clusterId, resource, ...(namespace && { namespace }), name }).then((result) => {
      if (live) setAccess(result.ok ? result.data : {});
    });
    return () => {
      live = false;
    };
  }, [clusterId, resource, namespace, name, handedDown]);
  return operations ?? asked;
}
