import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test } from "./fixtures";
import { describeCluster, readTestClusters, testClusterIds } from "../support/clusters";
import { signUp } from "../support/e2e";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * The cluster registry in the browser, against the run's first real test cluster (Kubernetes
 * v1.20.2, cluster 1 unless PILOTHOUSE_TEST_CLUSTER_IDS says otherwise). The run expects the test
 * clusters to be up (`npm run clusters:up`, or `npm test`, which starts them).
 */
const CLUSTER = describeCluster(testClusterIds()[0]!);
const CONTEXT = `${CLUSTER.name}-admin`;
const VERSION = "v1.20.2";

const HOSTILE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: evil
  cluster:
    server: ${CLUSTER.server}
contexts:
- name: evil
  context:
    cluster: evil
    user: evil
current-context: evil
users:
- name: evil
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: /bin/sh
      args: ["-c", "touch /tmp/pilothouse-pwned"]
`;

test.describe("clusters", () => {
  let adminKubeconfig: string;

  test.beforeAll(async () => {
    adminKubeconfig = await readClusterOneAdminKubeconfig();
  });

  test("adds a real cluster from a kubeconfig, shows it healthy, refuses exec, renames and deletes it", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signUp(page);

    await page.goto("/clusters");
    await expect(page.getByTestId("clusters-empty-state")).toBeVisible();
    // A second tab left open on the page: it must learn about the new cluster and its health by push.
    const watcher = await page.context().newPage();
    await watcher.goto("/clusters");
    await expect(watcher.getByTestId("clusters-empty-state")).toBeVisible();
    await page.getByTestId("add-cluster-button").click();

    // Paste: the server lists and vets the contexts.
    await page.getByTestId("kubeconfig-input").fill(adminKubeconfig);
    const contexts = page.getByTestId("kubeconfig-contexts");
    await expect(contexts.getByTestId(`context-row-${CONTEXT}`)).toBeVisible();
    await expect(page.getByTestId(`context-name-${CONTEXT}`)).toHaveValue(CONTEXT);

    // Test connection: version, latency and what the credential may do.
    await page.getByTestId(`context-test-${CONTEXT}`).click();
    const result = page.getByTestId(`test-result-${CONTEXT}`);
    await expect(result).toContainText(VERSION, { timeout: LIVE_CHANGE_TIMEOUT });
    await expect(result).toContainText(/\d+ ms/);
    await expect(result).toContainText("list pods: allowed");

    await expect(page.getByTestId("add-clusters-submit")).toHaveText("Add 1 cluster");
    await page.getByTestId("add-clusters-submit").click();
    await expect(page.getByTestId("toast").filter({ hasText: `Cluster "${CONTEXT}" added` })).toBeVisible();
    await expect(page.getByTestId("add-cluster-dialog")).toBeHidden();

    // The first health check runs right after the add and is pushed over the socket.
    await expect(page.getByTestId(`cluster-card-${CONTEXT}`)).toBeVisible();
    await expect(page.getByTestId(`cluster-status-${CONTEXT}`)).toHaveText("healthy", { timeout: LIVE_CHANGE_TIMEOUT });
    await expect(page.getByTestId(`cluster-version-${CONTEXT}`)).toHaveText(VERSION);
    await expect(watcher.getByTestId(`cluster-status-${CONTEXT}`)).toHaveText("healthy", {
      timeout: LIVE_CHANGE_TIMEOUT,
    });
    await watcher.close();

    // The overview summarises the fleet.
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("fleet-count")).toHaveText("1");
    await expect(page.getByTestId("fleet-healthy")).toHaveText("1");
    await expect(page.getByTestId(`fleet-row-${CONTEXT}`)).toContainText(VERSION);
    await page.getByTestId(`fleet-row-${CONTEXT}`).click();
    await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId(`cluster-status-${CONTEXT}`)).toHaveText("healthy");
    await page.goto("/clusters");

    // A kubeconfig that would run a command is refused in words naming the entry, with the
    // field's path as a detail, under its context; nothing is added.
    await page.getByTestId("add-cluster-button").click();
    await page.getByTestId("kubeconfig-input").fill(HOSTILE_KUBECONFIG);
    await expect(page.getByTestId("context-row-evil")).toBeVisible();
    // Why, in the context's own row; the kubeconfig field only says that nothing is usable.
    const problem = page.getByTestId("context-problem-evil");
    await expect(problem).toContainText(
      "The user entry 'evil' runs a command (exec: sh); Pilothouse never runs commands from a kubeconfig.",
    );
    await expect(problem).toContainText("users[0].user.exec");
    await expect(page.getByTestId("kubeconfig-input-problems")).toContainText("can't be used");
    await expect(page.getByTestId("add-clusters-submit")).toBeDisabled();
    await page.getByTestId("add-cluster-dialog-close").click();
    await expect(page.getByTestId("clusters-grid").locator(":scope > li")).toHaveCount(1);

    // Rename.
    await page.getByTestId(`cluster-rename-${CONTEXT}`).click();
    await page.getByTestId("rename-input").fill("e2e prod");
    await page.getByTestId("rename-submit").click();
    await expect(page.getByTestId("cluster-card-e2e prod")).toBeVisible();
    await expect(page.getByTestId("cluster-status-e2e prod")).toHaveText("healthy");

    // Impersonation: the admin credential may impersonate, so the cluster switches to acting as each person.
    await page.getByTestId("cluster-impersonation-e2e prod").click();
    await expect(page.getByTestId("impersonation-dialog")).toContainText("pilothouse:<their email>");
    await page.getByTestId("impersonation-confirm").click();
    await expect(page.getByTestId("toast").filter({ hasText: "now acts as each person" })).toBeVisible();
    await expect(page.getByTestId("cluster-card-e2e prod")).toContainText("acts as each person");
    await expect(page.getByTestId("cluster-impersonation-e2e prod")).toHaveText("Stop acting as each person");

    // Delete, after a confirmation that names the cluster and the credential's fate.
    await page.getByTestId("cluster-delete-e2e prod").click();
    const dialog = page.getByTestId("delete-cluster-dialog");
    await expect(dialog).toContainText("e2e prod");
    await expect(dialog).toContainText("destroys its stored credential");
    await page.getByTestId("confirm-delete").click();
    await expect(page.getByTestId("toast").filter({ hasText: `Cluster "e2e prod" deleted` })).toBeVisible();
    await expect(page.getByTestId("clusters-empty-state")).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("a refused address is shown once, under its context, saying who can allow it", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // A usable kubeconfig whose server is a private address: the outbound policy (loopback only
    // in this suite) refuses it when the cluster is added.
    const privateServer = adminKubeconfig.replace(
      /server: https:\/\/127\.0\.0\.1:\d+/,
      "server: https://10.0.0.1:6443",
    );
    await signUp(page);
    await page.goto("/clusters");
    await page.getByTestId("add-cluster-button").click();
    await page.getByTestId("kubeconfig-input").fill(privateServer);
    await expect(page.getByTestId(`context-name-${CONTEXT}`)).toBeVisible();
    await page.getByTestId("add-clusters-submit").click();

    const sentence =
      "The server 10.0.0.1 is a private address, which this Pilothouse does not allow. Ask your Pilothouse operator to allow this network.";
    const rowError = page.getByTestId(`context-error-${CONTEXT}`);
    await expect(rowError).toContainText(sentence);
    await expect(rowError).toContainText("clusters[0].cluster.server");
    await expect(page.getByText(sentence)).toHaveCount(1);
    await expect(page.getByTestId(`context-name-${CONTEXT}`)).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("toast")).toHaveCount(0);
    await expect(page.getByTestId("add-cluster-dialog")).not.toContainText("PILOTHOUSE_");
    expect(errors).toEqual([]);
  });

  test("an EKS kubeconfig is refused naming the Amazon EKS connector, all its problems listed", async ({ page }) => {
    const eks = readFileSync(path.resolve(import.meta.dirname, "../fixtures/kubeconfig/corpus/eks.yaml"), "utf8");
    await signUp(page);
    await page.goto("/clusters");
    await page.getByTestId("add-cluster-button").click();
    await page.getByTestId("kubeconfig-input").fill(eks);
    const context = "arn:aws:eks:eu-west-1:123456789012:cluster/prod";
    const problem = page.getByTestId(`context-problem-${context}`);
    await expect(problem).toContainText("signs in to Amazon EKS by running a command (exec: aws eks get-token)");
    await expect(problem.getByTestId("problem-connector-eks")).toHaveText("Suggested: the Amazon EKS connector.");
    await expect(page.getByTestId("add-clusters-submit")).toBeDisabled();
  });

  test("adds a cluster from the server URL + token form", async ({ page }) => {
    const tokenConfig = readFileSync(clusterOneKubeconfigPath("token"), "utf8");
    const token = tokenConfig.match(/^\s*token:\s*(\S+)\s*$/m)?.[1];
    const ca = tokenConfig.match(/^\s*certificate-authority-data:\s*(\S+)\s*$/m)?.[1];
    expect(token, "token.kubeconfig has a token").toBeTruthy();
    expect(ca, "token.kubeconfig has certificate-authority-data").toBeTruthy();
    await signUp(page);
    await page.goto("/clusters");
    await page.getByTestId("add-cluster-button").click();
    await page.getByTestId("token-tab").click();
    await page.getByTestId("token-name").fill("token cluster");
    await page.getByTestId("token-server").fill(CLUSTER.server);
    await page.getByTestId("token-ca").fill(Buffer.from(ca!, "base64").toString("utf8"));
    await page.getByTestId("token-token").fill("not a token");
    await page.getByTestId("token-submit").click();
    // The error belongs to the token field: shown there, once, and nowhere else.
    await expect(page.getByTestId("token-token")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("token-token")).toHaveAccessibleDescription(/must not contain spaces/);
    await expect(page.getByText("The token must not contain spaces or line breaks.")).toHaveCount(1);
    await expect(page.getByTestId("form-error")).toHaveCount(0);
    await page.getByTestId("token-token").fill(token!);
    await page.getByTestId("token-submit").click();
    await expect(page.getByTestId("cluster-status-token cluster")).toHaveText("healthy", {
      timeout: LIVE_CHANGE_TIMEOUT,
    });
    await expect(page.getByTestId("cluster-version-token cluster")).toHaveText(VERSION);
  });
});

function clusterOneKubeconfigPath(kind: "admin" | "token") {
  const published = readTestClusters().find((cluster) => cluster.id === CLUSTER.id);
  return (published ?? CLUSTER).kubeconfigPaths[kind];
}

async function readClusterOneAdminKubeconfig() {
  const file = clusterOneKubeconfigPath("admin");
  const port = Number(new URL(CLUSTER.server).port);
  if (!existsSync(file) || !(await apiserverAnswers(port))) {
    throw new Error(
      `The browser tests need real test cluster ${CLUSTER.id} running (kubeconfig ${file}, API server ${CLUSTER.server}). ` +
        "Start it with `npm run clusters:up` (or run `npm test`, which starts the clusters).",
    );
  }
  return readFileSync(file, "utf8");
}

function apiserverAnswers(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}
