/**
 * Which cloud connector fits a kubeconfig user that signs in with the cloud's own command, read
 * from the exec block as the cloud CLIs write it (tests/fixtures/kubeconfig/corpus) and from
 * hostile look-alikes. Nothing is run; nothing that could be a secret comes back.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { detectCloudConnector, type ClusterEntry, type UserEntry } from "@/lib/server/k8s/cloud-exec";
import { CORPUS_CONNECTORS, CORPUS_DIRECTORY as CORPUS } from "../support/kubeconfig-corpus";
const SERVER = "https://cluster.example.com";

type Kubeconfig = {
  users: { name: string; user: unknown }[];
  clusters: { name: string; cluster: { server: string } }[];
};

/** The first user and cluster of a corpus file, as kubeconfig.ts hands them over. */
function corpusEntries(file: string): [UserEntry, ClusterEntry] {
  const config = parse(readFileSync(path.join(CORPUS, file), "utf8")) as Kubeconfig;
  const [user] = config.users;
  const [cluster] = config.clusters;
  return [
    { name: user!.name, body: user!.user },
    { name: cluster!.name, server: cluster!.cluster.server.replace(/:443$/, "").toLowerCase(), caData: "Q0E=" },
  ];
}

function execUser(exec: Record<string, unknown>, name = "someone"): UserEntry {
  return { name, body: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", ...exec } } };
}

const cluster: ClusterEntry = { name: "c", server: SERVER };

describe("detectCloudConnector on what the cloud CLIs write", () => {
  it.each([
    ["eks.yaml", "aws eks get-token"],
    ["eks-eksctl.yaml", "aws-iam-authenticator token"],
    ["gke.yaml", "gke-gcloud-auth-plugin"],
    ["aks.yaml", "kubelogin get-token"],
    ["aks-azurecli.yaml", "kubelogin get-token"],
  ] as const)("%s → %s", (file, command) => {
    const connector = CORPUS_CONNECTORS[file];
    const [user, clusterEntry] = corpusEntries(file);
    expect(detectCloudConnector(user, clusterEntry)).toEqual({
      command,
      connector: { ...connector, server: clusterEntry.server, caData: "Q0E=" },
    });
  });
});

describe("detectCloudConnector on look-alikes and hostile exec blocks", () => {
  it.each([
    ["a shell", { command: "/bin/sh", args: ["-c", "aws eks get-token --cluster-name prod"] }],
    ["aws, but not eks get-token", { command: "aws", args: ["sts", "get-caller-identity"] }],
    ["eks get-token without a cluster name", { command: "aws", args: ["eks", "get-token", "--region", "eu-west-1"] }],
    [
      "a cluster name that is a shell command",
      { command: "aws", args: ["eks", "get-token", "--cluster-name", "$(reboot)"] },
    ],
    ["kubelogin without --server-id", { command: "kubelogin", args: ["get-token", "--login", "azurecli"] }],
    [
      "kubelogin with a server id that is not one",
      { command: "kubelogin", args: ["get-token", "--server-id", "x; rm -rf /"] },
    ],
    [
      "the OIDC kubelogin (kubectl oidc-login)",
      { command: "kubectl", args: ["oidc-login", "get-token", "--oidc-issuer-url=https://idp.example.com"] },
    ],
    ["a command with spaces", { command: "aws eks", args: ["get-token", "--cluster-name", "prod"] }],
    ["no command", { args: ["eks", "get-token", "--cluster-name", "prod"] }],
  ])("finds no connector for %s", (_label, exec) => {
    expect(detectCloudConnector(execUser(exec), cluster)).toBeUndefined();
  });

  it("recognises the command by its file name, wherever it lives", () => {
    for (const command of ["/usr/local/bin/aws", "C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe", "aws"]) {
      expect(
        detectCloudConnector(execUser({ command, args: ["eks", "get-token", "--cluster-name=prod"] }), cluster)
          ?.connector,
      ).toMatchObject({ type: "eks", clusterName: "prod" });
    }
  });

  it("never carries a secret: AWS keys in env and kubelogin's client secret or password are not read", () => {
    const aws = detectCloudConnector(
      execUser({
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", "prod", "--region", "eu-west-1"],
        env: [
          { name: "AWS_ACCESS_KEY_ID", value: "AKIAEXAMPLESECRET1" },
          { name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI-secret-value" },
          { name: "AWS_SESSION_TOKEN", value: "session-secret-value" },
          { name: "AWS_PROFILE", value: "platform" },
        ],
      }),
      cluster,
    );
    const aks = detectCloudConnector(
      execUser({
        command: "kubelogin",
        args: [
          "get-token",
          "--login",
          "spn",
          "--server-id",
          "6dae42f8-4368-4678-94ff-3960e28e3630",
          "--client-id",
          "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
          "--client-secret",
          "kubelogin-secret-value",
          "--password",
          "ropc-secret-value",
        ],
      }),
      cluster,
    );
    expect(aws?.connector).toEqual({
      type: "eks",
      clusterName: "prod",
      region: "eu-west-1",
      awsProfile: "platform",
      server: SERVER,
    });
    expect(aks?.connector).toMatchObject({ type: "aks", loginMode: "spn" });
    expect(JSON.stringify([aws, aks])).not.toMatch(/secret|AKIA|session/i);
  });

  it("drops values that do not have the cloud's shape instead of passing them on", () => {
    const detected = detectCloudConnector(
      execUser({
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", "prod", "--region", "<script>", "--role", "not-an-arn"],
        env: [{ name: "AWS_PROFILE", value: "a b; c" }],
      }),
      { name: "c" },
    );
    expect(detected?.connector).toEqual({ type: "eks", clusterName: "prod" });
  });

  it("takes the region from the EKS endpoint or the cluster ARN when the arguments do not say", () => {
    const user = execUser({ command: "aws", args: ["eks", "get-token", "--cluster-name", "prod"] });
    expect(
      detectCloudConnector(user, { name: "c", server: "https://abc.gr7.ap-southeast-2.eks.amazonaws.com" })?.connector,
    ).toMatchObject({ region: "ap-southeast-2" });
    expect(
      detectCloudConnector(user, { name: "arn:aws:eks:sa-east-1:123456789012:cluster/prod" })?.connector,
    ).toMatchObject({ region: "sa-east-1" });
  });
});
