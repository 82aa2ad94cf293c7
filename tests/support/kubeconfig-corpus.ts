/**
 * What the cloud sign-in files of tests/fixtures/kubeconfig/corpus say about their cluster: the
 * connector each must be offered, without the server and CA (which come from the cluster entry).
 * Shared by the detection's unit test and the corpus test, so both hold the same expectation.
 */
export const CORPUS_DIRECTORY = new URL("../fixtures/kubeconfig/corpus/", import.meta.url).pathname;

export const CORPUS_CONNECTORS = {
  "eks.yaml": {
    type: "eks",
    clusterName: "prod",
    region: "eu-west-1",
    roleArn: "arn:aws:iam::123456789012:role/pilothouse-viewer",
    awsProfile: "platform",
  },
  "eks-eksctl.yaml": { type: "eks", clusterName: "staging", region: "us-east-1" },
  "gke.yaml": { type: "gke", projectId: "acme-platform", location: "europe-west1-b", clusterName: "prod" },
  "aks.yaml": {
    type: "aks",
    serverId: "6dae42f8-4368-4678-94ff-3960e28e3630",
    tenantId: "3f1c2b7e-8a4d-4e6f-9b0a-5c7d1e2f3a4b",
    clientId: "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
    environment: "AzurePublicCloud",
    loginMode: "devicecode",
  },
  "aks-azurecli.yaml": { type: "aks", serverId: "6dae42f8-4368-4678-94ff-3960e28e3630", loginMode: "azurecli" },
} as const;
