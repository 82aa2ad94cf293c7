import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "./fixtures";
import { describeCluster, testClusterIds } from "../support/clusters";
import { newAwsUser } from "../support/cloud/cloud-world";
import { startStsStandIn, type StsStandIn } from "../support/cloud/sts-stand-in";
import { startTokenWebhook, type TokenWebhook } from "../support/cloud/token-webhook";
import { signUp } from "../support/e2e";
import { e2eStsPort } from "../support/e2e-cloud";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * Cloud connectors in the browser: a cloud's own kubeconfig (what `aws eks update-kubeconfig`,
 * `gcloud container clusters get-credentials` and `az aks get-credentials` write) is refused and
 * opens the connector that fits, prefilled; an EKS form registers the run's first real test
 * cluster, which then shows healthy. The server mints the EKS token itself against the loopback
 * STS stand-in (its endpoint set in playwright.config.ts); the apiserver checks it through the
 * webhook (tests/support/cloud/token-webhook.ts), as aws-iam-authenticator would.
 */
const CLUSTER = describeCluster(testClusterIds()[0]!);
const CORPUS = path.resolve(import.meta.dirname, "../fixtures/kubeconfig/corpus");
const EKS_NAME = "pilothouse-e2e";
const corpus = (file: string) => readFileSync(path.join(CORPUS, file), "utf8");

async function openAddDialog(page: Page) {
  await signUp(page);
  await page.goto("/clusters");
  await page.getByTestId("add-cluster-button").click();
}

/** Paste a cloud's kubeconfig and take the connector the refusal suggests. */
async function pasteAndUseConnector(page: Page, file: string, context: string, type: "eks" | "gke" | "aks") {
  await page.getByTestId("kubeconfig-input").fill(corpus(file));
  const problem = page.getByTestId(`context-problem-${context}`);
  await expect(problem).toContainText("by running a command");
  await problem.getByTestId(`use-connector-${type}`).click();
  await expect(page.getByTestId(`connector-form-${type}`)).toBeVisible();
  await expect(page.getByTestId(`${type}-tab`)).toHaveAttribute("aria-selected", "true");
}

test.describe("cloud connectors", () => {
  test("the kubeconfig aws eks update-kubeconfig writes opens the EKS form, prefilled", async ({ page }) => {
    await openAddDialog(page);
    await pasteAndUseConnector(page, "eks.yaml", "arn:aws:eks:eu-west-1:123456789012:cluster/prod", "eks");
    await expect(page.getByTestId("connector-clusterName")).toHaveValue("prod");
    await expect(page.getByTestId("connector-region")).toHaveValue("eu-west-1");
    await expect(page.getByTestId("connector-server")).toHaveValue(
      // As the server vetted it: host in lower case.
      "https://0c3f1e2a9b8d7c6e5f4a3b2c1d0e9f8a.gr7.eu-west-1.eks.amazonaws.com",
    );
    await expect(page.getByTestId("connector-certificateAuthority")).toHaveValue(/^-----BEGIN CERTIFICATE-----/);
    await expect(page.getByTestId("connector-roleArn")).toHaveValue("arn:aws:iam::123456789012:role/pilothouse-viewer");
    // Secrets never come from a kubeconfig: the key fields wait for the person.
    await expect(page.getByTestId("connector-accessKeyId")).toHaveValue("");
    await expect(page.getByTestId("connector-secretAccessKey")).toHaveValue("");
    // Submitting without them names each missing field under it, and stores nothing.
    await page.getByTestId("connector-name").fill("prod");
    await page.getByTestId("connector-submit").click();
    await expect(page.getByTestId("connector-accessKeyId")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("connector-secretAccessKey")).toHaveAccessibleDescription(/is required/);
    // AssumeRole shows the org's ExternalId and the trust policy to paste.
    await page.getByTestId("connector-method-assumeRole").check();
    await expect(page.getByTestId("eks-external-id")).toHaveText(/^pilothouse-[0-9a-f]{32}$/);
    const externalId = await page.getByTestId("eks-external-id").textContent();
    await expect(page.getByTestId("eks-trust-policy-json")).toContainText(`"sts:ExternalId": "${externalId}"`);
    await expect(page.getByTestId("connector-roleArn")).toHaveValue("arn:aws:iam::123456789012:role/pilothouse-viewer");
  });

  test("the kubeconfig gcloud writes opens the GKE form, prefilled", async ({ page }) => {
    await openAddDialog(page);
    await pasteAndUseConnector(page, "gke.yaml", "gke_acme-platform_europe-west1-b_prod", "gke");
    await expect(page.getByTestId("connector-server")).toHaveValue("https://34.118.42.7");
    await expect(page.getByTestId("connector-certificateAuthority")).toHaveValue(/^-----BEGIN CERTIFICATE-----/);
    await expect(page.getByTestId("connector-key")).toHaveValue("");
  });

  test("the kubeconfig az aks get-credentials writes opens the AKS form, prefilled", async ({ page }) => {
    await openAddDialog(page);
    await pasteAndUseConnector(page, "aks.yaml", "prod-aks", "aks");
    await expect(page.getByTestId("connector-server")).toHaveValue(
      // As the server vetted it: the default port dropped.
      "https://prod-aks-dns-4f2b9c1d.hcp.westeurope.azmk8s.io",
    );
    await expect(page.getByTestId("connector-tenantId")).toHaveValue("3f1c2b7e-8a4d-4e6f-9b0a-5c7d1e2f3a4b");
    await expect(page.getByTestId("connector-serverId")).toHaveValue("6dae42f8-4368-4678-94ff-3960e28e3630");
    await expect(page.getByTestId("connector-clientSecret")).toHaveValue("");
  });

  test.describe("against the real test cluster", () => {
    let sts: StsStandIn;
    let webhook: TokenWebhook;
    const user = newAwsUser("arn:aws:iam::111122223333:user/pilothouse-e2e");

    test.beforeAll(async () => {
      sts = await startStsStandIn({ port: e2eStsPort(Number(new URL(test.info().project.use.baseURL!).port)) });
      sts.addUser(user);
      webhook = await startTokenWebhook({
        port: CLUSTER.tokenWebhookPort,
        eksClusterName: EKS_NAME,
        stsHosts: [new URL(sts.url).host],
        // The access entry: this IAM user may read everything the health check asks for.
        awsIdentities: { [user.arn]: { username: "eks:e2e-user", groups: ["system:masters"] } },
      });
    });

    test.afterAll(async () => {
      await webhook?.close();
      await sts?.close();
    });

    test("an EKS form registers the cluster with an access key and it shows healthy", async ({ page }) => {
      test.setTimeout(90_000);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await openAddDialog(page);
      await page.getByTestId("eks-tab").click();
      await page.getByTestId("connector-name").fill("eks e2e");
      await page.getByTestId("connector-clusterName").fill(EKS_NAME);
      await page.getByTestId("connector-region").fill("us-east-1");
      await page.getByTestId("connector-server").fill(CLUSTER.server);
      await page.getByTestId("connector-certificateAuthority").fill(clusterCaPem());
      await page.getByTestId("connector-accessKeyId").fill(user.accessKeyId);
      // A wrong secret first: AWS's refusal is the test's answer, in words, with no secret in it.
      await page.getByTestId("connector-secretAccessKey").fill("not-the-secret-access-key");
      await page.getByTestId("connector-test").click();
      await expect(page.getByTestId("connector-test-result")).toContainText("AWS rejected the access key");
      await expect(page.getByTestId("add-cluster-dialog")).not.toContainText("not-the-secret-access-key");
      await page.getByTestId("connector-secretAccessKey").fill(user.secretAccessKey);
      await page.getByTestId("connector-test").click();
      await expect(page.getByTestId("connector-test-result")).toContainText("v1.20.2", {
        timeout: LIVE_CHANGE_TIMEOUT,
      });
      await page.getByTestId("connector-submit").click();
      await expect(page.getByTestId("add-cluster-dialog")).toHaveCount(0);
      await expect(page.getByTestId("cluster-status-eks e2e")).toHaveText("healthy", { timeout: LIVE_CHANGE_TIMEOUT });
      await expect(page.getByTestId("cluster-card-eks e2e")).toContainText("Amazon EKS");
      await expect(page.locator("body")).not.toContainText(user.secretAccessKey);
      expect(webhook.reviews.some((review) => review.kind === "eks" && review.username === "eks:e2e-user")).toBe(true);
      expect(errors).toEqual([]);
    });
  });
});

function clusterCaPem(): string {
  const tokenConfig = readFileSync(CLUSTER.kubeconfigPaths.token, "utf8");
  const ca = tokenConfig.match(/^\s*certificate-authority-data:\s*(\S+)\s*$/m)?.[1];
  if (!ca) throw new Error(`${CLUSTER.kubeconfigPaths.token} has no certificate-authority-data`);
  return Buffer.from(ca, "base64").toString("utf8");
}
