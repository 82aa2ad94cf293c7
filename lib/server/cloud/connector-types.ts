import type { AllowedNetworks } from "../k8s/outbound-policy";

/**
 * The shapes of a cloud connector (docs/cloud-clusters.md). `ConnectorConfig` is not secret and
 * is stored as plain JSON in `clusters.connector`; the secrets are stored encrypted per field in
 * `clusters.credential` (envelope encryption, AAD naming the field), like kubeconfig secrets.
 */

export type EksAuth =
  { method: "accessKey"; accessKeyId: string; roleArn?: string } | { method: "assumeRole"; roleArn: string };

export type EksConfig = {
  type: "eks";
  /** The EKS cluster name: the x-k8s-aws-id the token is bound to. */
  clusterName: string;
  region: string;
  stsEndpoint?: string;
  auth: EksAuth;
};

export type GkeConfig = {
  type: "gke";
  tokenEndpoint?: string;
  auth: { method: "serviceAccountKey"; clientEmail: string; privateKeyId?: string; projectId?: string };
};

export type AksConfig = {
  type: "aks";
  tenantId: string;
  clientId: string;
  /** The AKS server application whose token AKS accepts; the well-known AKS one when absent. */
  serverId?: string;
  authorityHost?: string;
  /** `certificate` is the public PEM chain; its private key is a secret field. */
  auth: { method: "clientSecret" } | { method: "clientCertificate"; certificate: string };
};

export type ConnectorConfig = EksConfig | GkeConfig | AksConfig;
export type ConnectorType = ConnectorConfig["type"];

/** Every secret a connector may hold; the names are bound into each ciphertext's AAD. */
export const CONNECTOR_SECRET_FIELDS = {
  eks: ["secretAccessKey", "sessionToken"],
  gke: ["privateKey"],
  aks: ["clientSecret", "clientCertificateKey"],
} as const satisfies Record<ConnectorType, readonly string[]>;

export type ConnectorSecretField = (typeof CONNECTOR_SECRET_FIELDS)[ConnectorType][number];
export type ConnectorSecrets = Readonly<Partial<Record<ConnectorSecretField, string>>>;

/** A connector with its secrets opened, for one request's use. */
export type ConnectorCredential = {
  readonly type: "connector";
  readonly config: ConnectorConfig;
  readonly secrets: ConnectorSecrets;
};

/** A token and when it stops being usable (epoch ms). */
export type MintedToken = { token: string; expiresAt: number };

/**
 * Who a token is minted for: the org (its ExternalId, its network grants: `allowed`, from
 * lib/server/clusters/networks.ts) and, once stored, the cluster.
 */
export type MintContext = { orgId: string; clusterId?: string; allowed: AllowedNetworks };
