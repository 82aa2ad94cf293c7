/**
 * The realtime wire contract shared by server and browser. Event names are `noun:verb`.
 */
export const REALTIME_PATH = "/socket.io";

export const SERVER_EVENTS = {
  /** The viewer's role or membership changed (or was removed): re-render with fresh permissions. */
  accessChanged: "access:changed",
  /** A cluster's health changed: `{ clusterId, health }` to everyone in its org. */
  clusterHealth: "cluster:health",
} as const;

export type AccessChangedPayload = { orgId: string; reason: "role_changed" | "removed" | "signed_out" };
