/**
 * A cloud connector that fits a kubeconfig user Pilothouse refused (an `exec` of the cloud's own
 * sign-in command), with the values the kubeconfig gives for it. Shared by the server, which
 * detects it (lib/server/k8s/cloud-exec.ts), and the browser, which offers the connector. It never
 * carries a secret: only names, ids, the server address and its CA certificate.
 */
export type CloudConnectorSuggestion =
  | {
      readonly type: "eks";
      readonly clusterName: string;
      readonly region?: string;
      readonly roleArn?: string;
      /** The AWS CLI profile the kubeconfig names (AWS_PROFILE), if any. */
      readonly awsProfile?: string;
      readonly server?: string;
      /** base64 of the PEM CA bundle, as in certificate-authority-data. */
      readonly caData?: string;
    }
  | {
      readonly type: "gke";
      readonly projectId?: string;
      readonly location?: string;
      readonly clusterName?: string;
      readonly server?: string;
      readonly caData?: string;
    }
  | {
      readonly type: "aks";
      /** The AKS server application id (kubelogin --server-id). */
      readonly serverId: string;
      readonly tenantId?: string;
      readonly clientId?: string;
      readonly environment?: string;
      /** kubelogin's login mode (devicecode when the kubeconfig names none). */
      readonly loginMode?: string;
      readonly server?: string;
      readonly caData?: string;
    };

export type CloudConnectorType = CloudConnectorSuggestion["type"];

export const CLOUD_CONNECTOR_NAMES: Record<CloudConnectorType, string> = {
  eks: "Amazon EKS",
  gke: "Google GKE",
  aks: "Azure AKS",
};
