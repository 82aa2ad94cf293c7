import type { z } from "zod";
import type { clusterHealth } from "@/lib/realtime/contract";

/** Cluster shapes shared by the server (API, health pushes) and the browser (cards, live updates). */

export type ClusterHealth = z.infer<typeof clusterHealth>;

/** A cloud connector's settings as the API shows them: named, non-secret fields only. */
export type ConnectorView =
  | {
      type: "eks";
      clusterName: string;
      region: string;
      authMethod: "accessKey" | "assumeRole";
      /** Not a secret (AWS logs it in CloudTrail); tells people which key is in use. */
      accessKeyId: string | null;
      roleArn: string | null;
      stsEndpoint: string | null;
    }
  | {
      type: "gke";
      authMethod: "serviceAccountKey";
      clientEmail: string;
      projectId: string | null;
      tokenEndpoint: string | null;
    }
  | {
      type: "aks";
      authMethod: "clientSecret" | "clientCertificate";
      tenantId: string;
      clientId: string;
      /** null: the well-known AKS server application (AKS-managed Entra ID). */
      serverId: string | null;
      authorityHost: string | null;
    };
/** How often a cluster whose circuit is closed is checked; pages say it, the monitor does it. */
export const HEALTH_CHECK_INTERVAL_MS = 15_000;

/** The API's view of a cluster: an allowlist, so a credential column added later cannot leak. */
export type ClusterView = {
  id: string;
  name: string;
  server: string;
  namespace: string | null;
  authType: "token" | "client_certificate" | "eks" | "gke" | "aks";
  /** Set for clusters whose tokens Pilothouse mints with a cloud's SDK. */
  connector: ConnectorView | null;
  credentialVersion: number;
  impersonate: boolean;
  createdAt: string;
  updatedAt: string;
  health: ClusterHealth;
};

/** How a cluster authenticates, as people call it. */
export const AUTH_TYPE_LABELS: Readonly<Record<ClusterView["authType"], string>> = {
  token: "Bearer token",
  client_certificate: "Client certificate",
  eks: "Amazon EKS (IAM)",
  gke: "GKE (service account)",
  aks: "AKS (Entra ID)",
};
