import type { z } from "zod";
import type { clusterHealth } from "@/lib/realtime/contract";

/** Cluster shapes shared by the server (API, health pushes) and the browser (cards, live updates). */

export type ClusterHealth = z.infer<typeof clusterHealth>;

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
