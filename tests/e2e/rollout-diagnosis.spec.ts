import { expect, test } from "./fixtures";
import { signUpOrgWithClusters } from "./org-with-clusters";
import { newAccount } from "../support/e2e";
import { forEachScreen, kubectl, signedIn } from "../support/e2e-clusters";

/**
 * Stuck-rollout diagnosis (docs/resource-views.md, "Rollout diagnosis") on the seeded Deployments
 * of a real cluster: the page names the cause in the cluster's own words, at the top.
 */
test.describe("rollout diagnosis", () => {
  const account = newAccount("rollout");
  let clusterId: string;

  test.beforeAll(async ({ browser }) => {
    [clusterId] = await signUpOrgWithClusters(browser, account);
  });

  const deploymentPage = (namespace: string, name: string) =>
    `/clusters/${clusterId}/deployments.apps/${namespace}/${name}`;

  test("ImagePullBackOff names the image and the kubelet's error", async ({ page }) => {
    const image = kubectl(
      "get",
      "deployment",
      "recommendations",
      "-n",
      "shop",
      "-o",
      "jsonpath={.spec.template.spec.containers[0].image}",
    );
    await signedIn(page, account);
    await page.goto(deploymentPage("shop", "recommendations"));
    const diagnosis = page.getByTestId("rollout-diagnosis");
    await expect(diagnosis).toHaveAttribute("data-cause", "image-pull");
    await expect(page.getByTestId("rollout-diagnosis-summary")).toHaveText(new RegExp(`cannot pull image ${image}$`));
    await expect(page.getByTestId("rollout-diagnosis-detail")).toContainText(`Failed to pull image "${image}"`);
    await expect(page.getByTestId("rollout-short-cause")).toContainText(`cannot pull image ${image}`);
    // The named pod is one click away.
    await page.getByTestId("rollout-diagnosis-pods").getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}/pods/shop/recommendations-`));
  });

  test("CrashLoopBackOff names the container and the exit code kubectl reports", async ({ page }) => {
    test.setTimeout(90_000);
    const exitCode = kubectl(
      "get",
      "pods",
      "-n",
      "payments",
      "-l",
      "app=ledger-worker",
      "-o",
      "jsonpath={.items[0].status.containerStatuses[0].lastState.terminated.exitCode}",
    );
    await signedIn(page, account);
    await page.goto(deploymentPage("payments", "ledger-worker"));
    await expect(page.getByTestId("rollout-diagnosis")).toHaveAttribute("data-cause", "crash-loop", {
      timeout: 60_000,
    });
    await expect(page.getByTestId("rollout-diagnosis-summary")).toContainText(
      `crash-looping: container ledger-worker exited with code ${exitCode}`,
    );
  });

  test("FailedScheduling gives the scheduler's message", async ({ page }) => {
    const message = kubectl(
      "get",
      "pods",
      "-n",
      "batch",
      "-l",
      "app=ml-trainer",
      "-o",
      'jsonpath={.items[0].status.conditions[?(@.type=="PodScheduled")].message}',
    );
    expect(message).toMatch(/nodes are available/);
    await signedIn(page, account);
    await page.goto(deploymentPage("batch", "ml-trainer"));
    await expect(page.getByTestId("rollout-diagnosis")).toHaveAttribute("data-cause", "unschedulable");
    await expect(page.getByTestId("rollout-diagnosis-summary")).toHaveText("1 pod cannot be scheduled");
    await expect(page.getByTestId("rollout-diagnosis-detail")).toHaveText(message);
  });

  test("a healthy Deployment has no diagnosis; screens at 1440 and 360 px, light and dark", async ({
    page,
  }, testInfo) => {
    test.setTimeout(150_000);
    await signedIn(page, account);
    await page.goto(deploymentPage("shop", "web"));
    await expect(page.getByTestId("rollout-progress")).toBeVisible();
    await expect(page.getByTestId("rollout-diagnosis")).toHaveCount(0);
    await forEachScreen(page, async (screen) => {
      await page.goto(deploymentPage("shop", "recommendations"));
      await expect(page.getByTestId("rollout-diagnosis-detail")).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`rollout-diagnosis-${screen}.png`), fullPage: true });
    });
  });
});
