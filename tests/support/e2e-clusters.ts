import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { describeCluster, readTestClusters } from "./clusters";

type TestCluster = ReturnType<typeof describeCluster>;

/** The kubeconfig of a test cluster as `user`, as this run published it. */
export function kubeconfigPathOf(cluster: TestCluster, user: "admin" | "viewer" = "admin") {
  const published = readTestClusters().find((candidate) => candidate.id === cluster.id);
  return (published ?? cluster).kubeconfigPaths[user];
}

/** Add a test cluster (as `user`) through the real dialog; returns its id, from the fleet home's link. */
export async function addClusterThroughDialog(page: Page, cluster: TestCluster, user: "admin" | "viewer" = "admin") {
  const context = `${cluster.name}-${user}`;
  await page.goto("/clusters");
  await page.getByTestId("add-cluster-button").click();
  await page.getByTestId("kubeconfig-input").fill(readFileSync(kubeconfigPathOf(cluster, user), "utf8"));
  await expect(page.getByTestId(`context-row-${context}`)).toBeVisible();
  await page.getByTestId(`context-test-${context}`).click();
  await expect(page.getByTestId(`test-result-${context}`)).toContainText("list pods: allowed", { timeout: 20_000 });
  await page.getByTestId("add-clusters-submit").click();
  await expect(page.getByTestId("add-cluster-dialog")).toBeHidden();
  await page.goto("/");
  await page.getByTestId(`fleet-row-${context}`).click();
  await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split("/").at(-1)!;
}
