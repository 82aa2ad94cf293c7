import type { BadgeTone } from "@/components/ui";
import type { ClusterStatus, FieldError } from "./types";

/** Same rule as the server's clusterNameSchema: letters, digits, spaces, dots, dashes, underscores; 63 max. */
const NAME_MAX = 63;

/** A context name as a valid default cluster name, e.g. `arn:aws:eks:…/prod` → `arn-aws-eks-…-prod`. */
export function sanitizeClusterName(contextName: string): string {
  const cleaned = contextName
    .replace(/[^a-zA-Z0-9._ -]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^a-zA-Z0-9]+/, "")
    .slice(0, NAME_MAX)
    .trim();
  return cleaned || "cluster";
}

/** The message as one line of text (a toast); messages name what they are about in words. */
export function describeError(error: FieldError): string {
  return error.message;
}

/** The message without a leading `path: ` prefix, for an error shown under its own field. */
export function fieldMessage(error: FieldError): string {
  return error.path && error.message.startsWith(`${error.path}: `)
    ? error.message.slice(error.path.length + 2)
    : error.message;
}

export const STATUS_TONE: Record<ClusterStatus, BadgeTone> = {
  healthy: "success",
  unreachable: "danger",
  unknown: "neutral",
};

export function formatLatency(ms: number | null): string {
  return ms === null ? "—" : `${ms} ms`;
}

export function formatCount(count: number | null): string {
  return count === null ? "—" : count.toLocaleString("en-US");
}

/** Deterministic on server and browser (no locale or time zone), so hydration agrees. */
export function formatCheckedAt(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : "not yet";
}

export const KUBECONFIG_MAX_BYTES = 64 * 1024;

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function pluralize(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
