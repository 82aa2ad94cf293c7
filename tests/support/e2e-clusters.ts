import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { describeCluster, readTestClusters, testClusterIds } from "./clusters";
import { signIn, signUp, type TestAccount } from "./e2e";
import { LIVE_CHANGE_TIMEOUT } from "./live-change";
import { deploymentManifest } from "./manifests";

type TestCluster = ReturnType<typeof describeCluster>;

/** The run's first real test cluster, as the browser suites use it. */
export const E2E_CLUSTER = describeCluster(testClusterIds()[0]!);

/** The kubeconfig of a test cluster as `user`, as this run published it. */
export function kubeconfigPathOf(cluster: TestCluster, user: "admin" | "viewer" = "admin") {
  const published = readTestClusters().find((candidate) => candidate.id === cluster.id);
  return (published ?? cluster).kubeconfigPaths[user];
}

export function kubeconfigPath(user: "admin" | "viewer" = "admin") {
  return kubeconfigPathOf(E2E_CLUSTER, user);
}

export function kubectl(...args: string[]) {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfigPath(), ...args], { encoding: "utf8" }).trim();
}

/** kubectl with a document on stdin (`apply -f -`). */
export function kubectlInput(input: string, ...args: string[]) {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfigPath(), ...args], { encoding: "utf8", input }).trim();
}

/** `kubectl apply` a Deployment running one container `web` (tests/support/manifests.ts). */
export function applyDeployment(namespace: string, name: string, options: Parameters<typeof deploymentManifest>[2]) {
  return kubectlInput(JSON.stringify(deploymentManifest(namespace, name, options)), "apply", "-f", "-");
}

export type ClusterSource = { kubeconfig: string; context: string; expectTest?: string };

/** The test cluster's own kubeconfig for `user` (admin: everything; viewer: `view` everywhere). */
export function testKubeconfig(user: "admin" | "viewer" = "admin"): ClusterSource {
  return { kubeconfig: readFileSync(kubeconfigPath(user), "utf8"), context: `${E2E_CLUSTER.name}-${user}` };
}

/** Sign up and add a cluster through the real dialog; returns the cluster's id. */
export async function signUpWithCluster(page: Page, account: TestAccount, source: ClusterSource = testKubeconfig()) {
  await signUp(page, account);
  return addThroughDialog(page, source);
}

/** Add a test cluster (as `user`) through the real dialog; returns its id, from the fleet home's link. */
export async function addClusterThroughDialog(page: Page, cluster: TestCluster, user: "admin" | "viewer" = "admin") {
  const kubeconfig = readFileSync(kubeconfigPathOf(cluster, user), "utf8");
  return addThroughDialog(page, { kubeconfig, context: `${cluster.name}-${user}` });
}

async function addThroughDialog(page: Page, { kubeconfig, context, expectTest = "list pods: allowed" }: ClusterSource) {
  await page.goto("/clusters");
  await page.getByTestId("add-cluster-button").click();
  await page.getByTestId("kubeconfig-input").fill(kubeconfig);
  await expect(page.getByTestId(`context-row-${context}`)).toBeVisible();
  await page.getByTestId(`context-test-${context}`).click();
  await expect(page.getByTestId(`test-result-${context}`)).toContainText(expectTest, { timeout: LIVE_CHANGE_TIMEOUT });
  await page.getByTestId("add-clusters-submit").click();
  await expect(page.getByTestId("add-cluster-dialog")).toBeHidden();
  await page.goto("/");
  await page.getByTestId(`fleet-row-${context}`).click();
  await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

/** Signed in and landed: a navigation started earlier would race the sign-in's own redirect. */
export async function signedIn(page: Page, account: TestAccount) {
  await signIn(page, account);
  await expect(page.getByTestId("app-shell")).toBeVisible({ timeout: 20_000 });
}

/** The four screens every page is looked at: 1440 and 360 px, dark and light. */
export const SCREENS = [
  [1440, "dark"],
  [360, "light"],
  [1440, "light"],
  [360, "dark"],
] as const;

/** Runs `look` once per screen, with the viewport and colour scheme set. */
export async function forEachScreen(page: Page, look: (name: string) => Promise<void>) {
  for (const [width, scheme] of SCREENS) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await look(`${width}-${scheme}`);
  }
}
