/**
 * Kubeconfigs as kind, k3s, minikube, Docker Desktop, Rancher, OpenShift, EKS, GKE, AKS and
 * kubectl write them (tests/fixtures/kubeconfig/corpus, sources in its README): each is accepted,
 * or refused with problems that say what to do, and cloud sign-ins name the connector that fits.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { InputProblem } from "@/lib/errors";
import { ingestKubeconfig, listContexts, parseKubeconfig } from "@/lib/server/k8s/kubeconfig";
import { CORPUS_CONNECTORS } from "../support/kubeconfig-corpus";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/kubeconfig");
const CORPUS = path.join(FIXTURES, "corpus");
const read = (file: string) => readFileSync(path.join(CORPUS, file), "utf8");
const CA = Buffer.from(readFileSync(path.join(FIXTURES, "ca.crt"), "utf8")).toString("base64");

type Accepted = { accepted: { server: string; credential: "token" | "clientCertificate"; contexts: number } };
type Refused = { refused: { path: string; message: RegExp; hint: RegExp; connector?: object }[] };

const FLATTEN = /^Run `kubectl config view --minify --flatten --context=<context>` and paste its output/;
const CONNECTOR_HINT = /^Add this cluster with the (Amazon EKS|Google GKE|Azure AKS) connector instead/;
const AKS_SERVER = "https://prod-aks-dns-4f2b9c1d.hcp.westeurope.azmk8s.io";

const EXPECTED: Record<string, Accepted | Refused> = {
  "kind.yaml": { accepted: { server: "https://127.0.0.1:39461", credential: "clientCertificate", contexts: 1 } },
  "k3s.yaml": { accepted: { server: "https://127.0.0.1:6443", credential: "clientCertificate", contexts: 1 } },
  "minikube.yaml": { accepted: { server: "https://192.168.49.2:8443", credential: "clientCertificate", contexts: 1 } },
  "minikube-paths.yaml": {
    refused: [
      "clusters[0].cluster.certificate-authority",
      "users[0].user.client-certificate",
      "users[0].user.client-key",
    ].map((path) => ({ path, message: /points to a file on your computer/, hint: FLATTEN })),
  },
  "docker-desktop.yaml": {
    accepted: { server: "https://kubernetes.docker.internal:6443", credential: "clientCertificate", contexts: 1 },
  },
  "rancher.yaml": {
    accepted: { server: "https://rancher.example.com/k8s/clusters/c-m-7x2kq9vd", credential: "token", contexts: 2 },
  },
  "openshift.yaml": {
    refused: [
      {
        path: "clusters[0].cluster.insecure-skip-tls-verify",
        message:
          /^The cluster entry 'openshift1\.example\.com:8443' turns off the check of the cluster's TLS certificate/,
        hint: /put the cluster's CA certificate in certificate-authority-data/,
      },
    ],
  },
  "openshift-ca.yaml": { accepted: { server: "https://api.ocp.example.com:6443", credential: "token", contexts: 1 } },
  "eks.yaml": {
    refused: [
      {
        path: "users[0].user.exec",
        message:
          /^The user entry 'arn:aws:eks:eu-west-1:123456789012:cluster\/prod' signs in to Amazon EKS by running a command \(exec: aws eks get-token\); Pilothouse never runs commands from a kubeconfig\.$/,
        hint: CONNECTOR_HINT,
        connector: {
          ...CORPUS_CONNECTORS["eks.yaml"],
          server: "https://0c3f1e2a9b8d7c6e5f4a3b2c1d0e9f8a.gr7.eu-west-1.eks.amazonaws.com",
          caData: CA,
        },
      },
    ],
  },
  "eks-eksctl.yaml": {
    refused: [
      {
        path: "users[0].user.exec",
        message: /signs in to Amazon EKS by running a command \(exec: aws-iam-authenticator token\)/,
        hint: CONNECTOR_HINT,
        connector: {
          ...CORPUS_CONNECTORS["eks-eksctl.yaml"],
          server: "https://7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d.yl4.us-east-1.eks.amazonaws.com",
          caData: CA,
        },
      },
    ],
  },
  "gke.yaml": {
    refused: [
      {
        path: "users[0].user.exec",
        message: /signs in to Google GKE by running a command \(exec: gke-gcloud-auth-plugin\)/,
        hint: CONNECTOR_HINT,
        connector: { ...CORPUS_CONNECTORS["gke.yaml"], server: "https://34.118.42.7", caData: CA },
      },
    ],
  },
  "aks.yaml": {
    refused: [
      {
        path: "users[0].user.exec",
        message: /signs in to Azure AKS by running a command \(exec: kubelogin get-token\)/,
        hint: CONNECTOR_HINT,
        connector: { ...CORPUS_CONNECTORS["aks.yaml"], server: AKS_SERVER, caData: CA },
      },
    ],
  },
  "aks-azurecli.yaml": {
    refused: [
      {
        path: "users[0].user.exec",
        message: /signs in to Azure AKS by running a command/,
        hint: CONNECTOR_HINT,
        connector: { ...CORPUS_CONNECTORS["aks-azurecli.yaml"], server: AKS_SERVER, caData: CA },
      },
    ],
  },
  "aks-admin.yaml": { accepted: { server: AKS_SERVER, credential: "clientCertificate", contexts: 1 } },
  "kubectl-flatten.yaml": {
    accepted: { server: "https://api.prod.example.com:6443", credential: "token", contexts: 2 },
  },
  "kubectl-view.yaml": {
    refused: [
      {
        path: "clusters[0].cluster.certificate-authority-data",
        message: /has a placeholder instead of its CA certificate \(DATA\+OMITTED\)/,
        hint: /run `kubectl config view --raw --minify`/,
      },
      {
        path: "users[0].user.token",
        message: /has a placeholder instead of its token \(REDACTED\)/,
        hint: /run `kubectl config view --raw --minify`/,
      },
    ],
  },
};

describe("the kubeconfig corpus", () => {
  it("has an expectation for every file in it, and a file for every expectation", () => {
    const files = readdirSync(CORPUS).filter((file) => file.endsWith(".yaml"));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED).filter((entry): entry is [string, Accepted] => "accepted" in entry[1]))(
    "accepts %s",
    (file, { accepted }) => {
      const choices = listContexts(parseKubeconfig(read(file)));
      expect(choices).toHaveLength(accepted.contexts);
      expect(choices.every((choice) => choice.problems === undefined)).toBe(true);
      const normalized = ingestKubeconfig(read(file));
      expect(normalized.server).toBe(accepted.server);
      expect(normalized.credential.type).toBe(accepted.credential);
    },
  );

  it.each(Object.entries(EXPECTED).filter((entry): entry is [string, Refused] => "refused" in entry[1]))(
    "refuses %s, saying what to do",
    (file, { refused }) => {
      const [choice] = listContexts(parseKubeconfig(read(file)));
      const problems: readonly InputProblem[] = choice?.problems ?? [];
      expect(problems.map((problem) => problem.path)).toEqual(refused.map((expected) => expected.path));
      refused.forEach((expected, index) => {
        const problem = problems[index]!;
        expect(problem.message).toMatch(expected.message);
        expect(problem.hint).toMatch(expected.hint);
        expect(problem.connector).toEqual(expected.connector);
      });
      expect(() => ingestKubeconfig(read(file))).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    },
  );

  it("keeps the AKS admin file's certificate and drops its static token", () => {
    const normalized = ingestKubeconfig(read("aks-admin.yaml"));
    expect(JSON.stringify(normalized)).not.toContain("0f3a9c2e7b1d4f6a8c5e2b9d7f1a3c6e");
  });

  it("reads Rancher's CA, written as a double-quoted string split with escaped line breaks", () => {
    expect(ingestKubeconfig(read("rancher.yaml")).caData).toBe(CA);
  });
});
