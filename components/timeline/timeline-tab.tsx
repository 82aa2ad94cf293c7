"use client";

import type { DetailContext } from "@/components/resources/detail/detail-context";
import { TIMELINE_KINDS, type TimelineKind } from "@/lib/timeline/types";
import { ObjectTimeline } from "./object-timeline";

/** Pods and workloads: the kinds a timeline is built for. */
export function hasTimeline(context: DetailContext): boolean {
  return context.namespace !== undefined && (TIMELINE_KINDS as readonly string[]).includes(context.resource.kind);
}

/** The detail page's Timeline tab. */
export function TimelineTab({ clusterId, resource, namespace, name }: DetailContext) {
  return (
    <ObjectTimeline clusterId={clusterId} kind={resource.kind as TimelineKind} namespace={namespace!} name={name} />
  );
}
