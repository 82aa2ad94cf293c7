"use client";

import Link from "next/link";
import { useMemo } from "react";
import { cn } from "@/lib/cn";
import { useResourceList } from "@/lib/realtime/use-resource-list";
import { objectHref } from "@/lib/resources/links";
import { selectorText } from "@/lib/resources/related";
import { diagnoseRollout, newRevisionPods, type RolloutDiagnosis } from "@/lib/resources/rollout-diagnosis";
import { asRecord } from "@/lib/resources/cells";
import type { KubeObject } from "@/lib/resources/types";
import { useNow } from "../use-now";

/** The kinds whose rollouts are diagnosed (a ReplicaSet's rollout is its Deployment's). */
const ROLLOUT_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

/**
 * The workload's rollout diagnosis, live: its pods by selector, its ReplicaSets (to find the new
 * revision's pods) and the namespace's pod events, each a watch the page shares with no new route.
 */
export function useRolloutDiagnosis(clusterId: string, kind: string, object: KubeObject | undefined) {
  const namespace = object?.metadata?.namespace;
  const selector = object && ROLLOUT_KINDS.has(kind) ? selectorText(asRecord(object.spec).selector) : "";
  const enabled = selector !== "" && namespace !== undefined;
  const scope = { clusterId, ...(namespace !== undefined && { namespace }), enabled };
  const pods = useResourceList({ ...scope, resource: "pods", labelSelector: selector });
  const replicaSets = useResourceList({
    ...scope,
    resource: "replicasets.apps",
    labelSelector: selector,
    enabled: enabled && kind === "Deployment",
  });
  const events = useResourceList({ ...scope, resource: "events", fieldSelector: "involvedObject.kind=Pod" });
  const now = useNow(30_000);
  return useMemo(() => {
    if (!enabled || !object) return undefined;
    const revisionPods = newRevisionPods(kind, object, pods.rows, replicaSets.rows);
    return diagnoseRollout({ kind, workload: object, pods: revisionPods, events: events.rows, now });
  }, [enabled, kind, object, pods.rows, replicaSets.rows, events.rows, now]);
}

/** The cause at the top of the page, in the cluster's own words: what a 3 a.m. reader needs first. */
export function RolloutDiagnosisBanner({
  clusterId,
  namespace,
  diagnosis,
}: {
  clusterId: string;
  namespace: string | undefined;
  diagnosis: RolloutDiagnosis | undefined;
}) {
  if (!diagnosis) return null;
  const paused = diagnosis.cause === "paused";
  return (
    <section
      role="alert"
      aria-label="Rollout diagnosis"
      data-testid="rollout-diagnosis"
      data-cause={diagnosis.cause}
      className={cn(
        "flex flex-col gap-1 rounded-lg border px-4 py-3 text-sm break-words",
        paused ? "border-warning/40 bg-warning/8" : "border-danger/40 bg-danger/8",
      )}
    >
      <p className={cn("font-semibold", paused ? "text-warning" : "text-danger")}>
        {paused ? "Paused" : "Stuck"}: <span data-testid="rollout-diagnosis-summary">{diagnosis.summary}</span>
      </p>
      {diagnosis.detail ? (
        <p className="font-mono text-xs text-text" data-testid="rollout-diagnosis-detail">
          {diagnosis.detail}
        </p>
      ) : null}
      {diagnosis.deadlineExceeded && diagnosis.cause !== "deadline-exceeded" ? (
        <p className="text-xs text-text-muted">The progress deadline has passed: the controller gave up waiting.</p>
      ) : null}
      <PodLinks clusterId={clusterId} namespace={namespace} pods={diagnosis.pods} />
    </section>
  );
}

/** Pods the banner names, linked to their pages (logs and events are one click on). */
const MAX_NAMED_PODS = 5;

function PodLinks({
  clusterId,
  namespace,
  pods,
}: {
  clusterId: string;
  namespace?: string | undefined;
  pods: string[];
}) {
  if (pods.length === 0) return null;
  return (
    <p className="text-xs text-text-muted" data-testid="rollout-diagnosis-pods">
      Pods:{" "}
      {pods.slice(0, MAX_NAMED_PODS).map((name, index) => (
        <span key={name}>
          {index > 0 ? ", " : ""}
          <Link
            href={objectHref({ clusterId, resource: "pods", namespace, name })}
            className="text-accent hover:underline"
          >
            {name}
          </Link>
        </span>
      ))}
      {pods.length > MAX_NAMED_PODS ? ` and ${pods.length - MAX_NAMED_PODS} more` : ""}
    </p>
  );
}
