"use client";

import { Badge } from "@/components/ui";
import { asRecord, asRecords, asString } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";

const RESOURCES = ["cpu", "memory", "pods", "ephemeral-storage"] as const;

/** A node's capacity and what is left to pods (allocatable), its taints, and whether it schedules. */
export function NodeCapacity({ node }: { node: KubeObject }) {
  const status = asRecord(node.status);
  const capacity = asRecord(status.capacity);
  const allocatable = asRecord(status.allocatable);
  const taints = asRecords(asRecord(node.spec).taints).slice(0, 50);
  const info = asRecord(status.nodeInfo);
  return (
    <section aria-labelledby="node-heading" className="flex flex-col gap-3" data-testid="node-capacity">
      <h2 id="node-heading" className="text-sm font-semibold text-text">
        Capacity
      </h2>
      {asRecord(node.spec).unschedulable === true ? (
        <Badge tone="warning" dot>
          Cordoned: no new pods
        </Badge>
      ) : null}
      <table className="w-full max-w-lg text-sm">
        <thead className="text-left text-xs text-text-muted uppercase">
          <tr>
            <th className="py-1 font-medium">Resource</th>
            <th className="py-1 font-medium">Capacity</th>
            <th className="py-1 font-medium">Allocatable</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {RESOURCES.map((resource) => (
            <tr key={resource} className="border-t border-border">
              <td className="py-1 text-text-muted">{resource}</td>
              <td className="py-1">{asString(capacity[resource]) ?? "—"}</td>
              <td className="py-1">{asString(allocatable[resource]) ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="text-sm">
        <h3 className="mb-1 text-text-muted">Taints</h3>
        {taints.length === 0 ? (
          <p className="text-text-muted">None</p>
        ) : (
          <ul className="flex flex-wrap gap-1" data-testid="node-taints">
            {taints.map((taint, index) => (
              <li key={index}>
                <Badge tone="warning">
                  {asString(taint.key)}
                  {taint.value ? `=${asString(taint.value)}` : ""}:{asString(taint.effect)}
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </div>
      {info.kubeletVersion ? (
        <p className="text-xs text-text-muted">
          Kubelet {asString(info.kubeletVersion)} · {asString(info.osImage)} · {asString(info.containerRuntimeVersion)}
        </p>
      ) : null}
    </section>
  );
}
