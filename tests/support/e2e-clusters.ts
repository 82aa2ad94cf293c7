import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { describeCluster, readTestClusters, testClusterIds } from "./clusters";
import { signIn, signUp, type TestAccount } from "./e2e";

/** The run's first real test cluster, as the browser suites use it. */
export const E2E_CLUSTER = describeCluster(testClusterIds()[0]!);

export function kubeconfigPath(user: "admin" | "viewer" = "admin") {
  const published = readTestClusters().find((cluster) => cluster.id === E2E_CLUSTER.id);
  return (published ?? E2E_CLUSTER).kubeconfigPaths[user];
}

export function kubectl(...args: string[]) {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfigPath(), ...args], { encoding: "utf8" }).trim();
}

/** kubectl with a document on stdin (`apply -f -`). */
export function kubectlInput(input: string, ...args: string[]) {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfigPath(), ...args], { encoding: "utf8", input }).trim();
}

export type ClusterSource = { kubeconfig: string; context: string; expectTest?: string };

/** The test cluster's own kubeconfig for `user` (admin: everything; viewer: `view` everywhere). */
export function testKubeconfig(user: "admin" | "viewer" = "admin"): ClusterSource {
  return { kubeconfig: readFileSync(kubeconfigPath(user), "utf8"), context: `${E2E_CLUSTER.name}-${user}` };
}

/** Sign up and add a cluster through the real dialog; returns the cluster's id. */
export async function signUpWithCluster(page: Page, account: TestAccount, source: ClusterSource = testKubeconfig()) {
  const { kubeconfig, context, expectTest = "list pods: allowed" } = source;
  await signUp(page, account);
  await page.goto("/clusters");
  await page.getByTestId("add-cluster-button").click();
  await page.getByTestId("kubeconfig-input").fill(kubeconfig);
  await expect(page.getByTestId(`context-row-${context}`)).toBeVisible();
  await page.getByTestId(`context-test-${context}`).click();
  await expect(page.getByTestId(`test-result-${context}`)).toContainText(expectTest, { timeout: 20_000 });
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
