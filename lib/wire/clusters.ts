import type { z } from "zod";
import type { clusterHealth } from "@/lib/realtime/contract";

/** Cluster shapes shared by the server (API, health pushes) and the browser (cards, live updates). */

export type ClusterHealth = z.infer<typeof clusterHealth>;

/** How often a cluster whose circuit is closed is checked; pages say it, the monitor does it. */
export const HEALTH_CHECK_INTERVAL_MS = 15_000;

/** The API's view of a cluster: an allowlist, so a credential column added later cannot leak. */
export type ClusterView = {
  id: string;
  name: string;
  server: string;
  namespace: string | null;
  authType: "token" | "client_certificate";
  credentialVersion: number;
  impersonate: boolean;
  createdAt: string;
  updatedAt: string;
  health: ClusterHealth;
};
