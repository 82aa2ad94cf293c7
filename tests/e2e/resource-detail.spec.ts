import { expect, type Locator, test } from "./fixtures";
import { signUpOrgWithClusters } from "./org-with-clusters";
import { newAccount } from "../support/e2e";
import {
  E2E_CLUSTER,
  kubectl,
  signedIn,
  forEachScreen,
  signUpWithCluster,
  testKubeconfig,
} from "../support/e2e-clusters";

/**
 * The generic detail page (docs/resource-views.md, "Detail") against a real cluster: owner chains,
 * a crash-looping container's last exit code, live events, a deleted object, and the designed
 * no-access page.
 */
/** The crash-looping pod of the seeded payments/ledger-worker Deployment. */
function ledgerWorkerPod() {
  return kubectl(
    "get",
    "pods",
    "-n",
    "payments",
    "-l",
    "app=ledger-worker",
    "-o",
    "jsonpath={.items[0].metadata.name}",
  );
}

test.describe("object detail pages", () => {
  const account = newAccount("detail");
  let clusterId: string;

  test.beforeAll(async ({ browser }) => {
    [clusterId] = await signUpOrgWithClusters(browser, account);
  });

  test("a pod opened from the list shows its owner chain, CrashLoopBackOff with the last exit code, and its events", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const pod = ledgerWorkerPod();
    const replicaSet = pod.split("-").slice(0, -1).join("-");
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/pods?ns=payments&q=ledger`);
    await page.getByTestId(`resource-row-payments/${pod}`).getByTestId("resource-link").click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}/pods/payments/${pod}$`));
    await expect(page.getByTestId("page-title")).toHaveText(pod);

    const chain = page.getByTestId("owner-chain");
    await expect(chain.getByTestId(`related-link-ReplicaSet-${replicaSet}`)).toBeVisible();
    await expect(chain.getByTestId("related-link-Deployment-ledger-worker")).toBeVisible();
    await expect(
      page.getByTestId("related-objects").getByTestId(`related-link-Node-${E2E_CLUSTER.name}-node`),
    ).toBeVisible();

    // The fake kubelet restarts the container now and then (Running for a moment): wait out one restart.
    await expect(page.getByTestId("status-chip-CrashLoopBackOff")).toBeVisible({ timeout: 60_000 });
    const container = page.getByTestId("container-ledger-worker");
    await expect(container.getByTestId("last-termination")).toContainText("Error");
    const exitCode = kubectl(
      "get",
      "pod",
      pod,
      "-n",
      "payments",
      "-o",
      "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}",
    );
    await expect(container.getByTestId("last-exit-code")).toHaveText(exitCode);

    await page.getByTestId("detail-tab-events").click();
    await expect(page).toHaveURL(/tab=events/);
    await expect(page.getByTestId("object-event").filter({ hasText: "BackOff" }).first()).toBeVisible();

    // The chain leads on: the Deployment's page shows its rollout and gathers its ReplicaSets live.
    await page.getByTestId("detail-tab-summary").click();
    await chain.getByTestId("related-link-Deployment-ledger-worker").click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}/deployments\\.apps/payments/ledger-worker$`));
    await expect(page.getByTestId("rollout-progress")).toBeVisible();
    await expect(
      page.getByTestId("related-list-ReplicaSet").getByTestId(`related-link-ReplicaSet-${replicaSet}`),
    ).toBeVisible();
    await expect(page.getByTestId("related-list-Pod").getByTestId(`related-link-Pod-${pod}`)).toBeVisible();
  });

  test("a cluster-scoped object and the YAML tab", async ({ page }) => {
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/nodes/-/${E2E_CLUSTER.name}-node?tab=yaml`);
    await expect(page.getByTestId("object-yaml")).toContainText("kind: Node");
    await expect(page.getByTestId("object-yaml")).not.toContainText("managedFields");
    await page.getByTestId("detail-tab-summary").click();
    await expect(page.getByTestId("node-capacity")).toContainText("allocatable", { ignoreCase: true });
    await expect(page.getByTestId("condition-Ready")).toBeVisible();
  });

  test("an object deleted while open shows 'deleted' with its last state", async ({ page }) => {
    const name = `detail-gone-${Date.now().toString(36)}`;
    kubectl("create", "configmap", name, "-n", "shop", "--from-literal=key=value");
    kubectl("label", "configmap", name, "-n", "shop", "purpose=detail-test");
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/configmaps/shop/${name}`);
    await expect(page.getByTestId("object-labels")).toContainText("purpose=detail-test");
    await expect(page.getByTestId("object-deleted")).toHaveCount(0);
    kubectl("delete", "configmap", name, "-n", "shop");
    await expect(page.getByTestId("object-deleted")).toBeVisible();
    await expect(page.getByTestId("deleted-notice")).toContainText("last state");
    await expect(page.getByTestId("object-labels")).toContainText("purpose=detail-test");
  });

  test("an object the cluster's RBAC hides is the no-access page naming what is missing; another org's is a 404", async ({
    page,
    browser,
  }) => {
    test.setTimeout(150_000);
    // The view-only credential: the built-in `view` ClusterRole excludes Secrets.
    const viewerCluster = await signUpWithCluster(page, newAccount("detail-viewer"), testKubeconfig("viewer"));
    const response = await page.goto(`/clusters/${viewerCluster}/secrets/shop/web-tls`);
    expect(response?.status()).toBe(200);
    const noAccess = page.getByTestId("no-access");
    await expect(noAccess).toContainText("You cannot see this Secret");
    await expect(page.getByTestId("no-access-reason")).toContainText("get, list, watch");
    await expect(page.getByTestId("no-access-reason")).toContainText("secrets");
    await expect(page.getByTestId("no-access-reason")).toContainText("shop");
    // What the credential may see is still a live page.
    await page.goto(
      `/clusters/${viewerCluster}/configmaps/shop/${kubectl("get", "configmaps", "-n", "shop", "-o", "jsonpath={.items[0].metadata.name}")}`,
    );
    await expect(page.getByTestId("object-metadata")).toBeVisible();

    const other = await browser.newContext();
    try {
      const stranger = await other.newPage();
      await signUpWithCluster(stranger, newAccount("detail-stranger"));
      const foreign = await stranger.goto(`/clusters/${viewerCluster}/secrets/shop/web-tls`);
      expect(foreign?.status()).toBe(404);
    } finally {
      await other.close();
    }
  });

  test("at 360 px the tabs scroll on their own, never the page: every tab reachable, the active one in view", async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const pod = ledgerWorkerPod();
    await signedIn(page, account);
    await page.setViewportSize({ width: 360, height: 780 });
    const strip = page.getByTestId("detail-tabs");
    const pageOverflow = () =>
      page.evaluate(() => document.scrollingElement!.scrollWidth - document.documentElement.clientWidth);

    // A link to the last tab opens with that tab in view, on a page that does not scroll sideways.
    await page.goto(`/clusters/${clusterId}/pods/payments/${pod}?tab=edit`);
    const edit = page.getByTestId("detail-tab-edit");
    await expect(edit).toHaveAttribute("aria-selected", "true");
    await expectInView(edit, "the active Edit YAML tab");
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
    await expect(page.getByTestId("detail-tabs-more-start")).toBeVisible();

    await page.goto(`/clusters/${clusterId}/pods/payments/${pod}`);
    await expect(page.getByTestId("detail-tab-logs")).toBeVisible();
    await expect(page.getByTestId("detail-tabs-more-end")).toBeVisible();
    const ids = await strip
      .getByRole("tab")
      .evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute("data-testid")!.replace("detail-tab-", "")));
    expect(ids).toEqual(expect.arrayContaining(["summary", "events", "yaml", "logs", "timeline", "edit"]));
    for (const id of ids) {
      const tab = page.getByTestId(`detail-tab-${id}`);
      await tab.click();
      await expect(tab).toHaveAttribute("aria-selected", "true");
      await expect(page).toHaveURL(id === "summary" ? /\/[^/?]+$/ : new RegExp(`tab=${id}`));
      await expectInView(tab, `the active ${id} tab`);
      // The active tab is the obvious one: the accent underline, and no other tab has it.
      await expect(strip.locator('[aria-selected="true"]')).toHaveCount(1);
      expect(await pageOverflow(), `the ${id} tab scrolls the page sideways`).toBeLessThanOrEqual(0);
    }
    // The keyboard walks the strip too (the ARIA tabs pattern), keeping the active tab in view.
    await page.getByTestId("detail-tab-summary").click();
    await page.getByTestId("detail-tab-summary").press("End");
    await expect(page.getByTestId("detail-tab-edit")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByTestId("detail-tab-edit")).toBeFocused();
    await expectInView(page.getByTestId("detail-tab-edit"), "the tab End selected");
  });

  test("the live indicator says Connecting… on the very first connect, then Live; never Reconnecting…", async ({
    page,
  }) => {
    const pod = ledgerWorkerPod();
    await signedIn(page, account);
    // Every state the indicator shows, from the server's HTML on: recorded as the page builds.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { liveStatesSeen: string[] }).liveStatesSeen = seen;
      const record = () => {
        for (const element of document.querySelectorAll('[data-testid="live-indicator"]')) {
          const entry = `${element.getAttribute("data-state")}:${element.textContent}`;
          if (seen.at(-1) !== entry) seen.push(entry);
        }
      };
      new MutationObserver(record).observe(document, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    await page.goto(`/clusters/${clusterId}/pods/payments/${pod}`);
    const indicator = page.getByTestId("live-indicator");
    await expect(indicator).toHaveAttribute("data-state", "live", { timeout: 20_000 });
    await expect(indicator).toHaveText("Live");
    const seen = await page.evaluate(() => (window as unknown as { liveStatesSeen: string[] }).liveStatesSeen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((entry) => /reconnecting/i.test(entry))).toEqual([]);
    expect(seen.every((entry) => ["connecting:Connecting…", "live:Live"].includes(entry))).toBe(true);
  });

  test("screens at 1440 and 360 px, light and dark", async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    const pod = ledgerWorkerPod();
    await signedIn(page, account);
    await forEachScreen(page, async (screen) => {
      await page.goto(`/clusters/${clusterId}/pods/payments/${pod}`);
      await expect(page.getByTestId("owner-chain").getByTestId("related-link-Deployment-ledger-worker")).toBeVisible();
      await expect(page.getByTestId("container-ledger-worker").getByTestId("last-termination")).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`pod-detail-${screen}.png`), fullPage: true });
    });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/clusters/${clusterId}/deployments.apps/payments/ledger-worker`);
    await expect(page.getByTestId("rollout-progress")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("deployment-detail-1440.png"), fullPage: true });
    await page.goto(`/clusters/${clusterId}/pods/payments/${pod}?tab=events`);
    await expect(page.getByTestId("object-event").first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("pod-events-1440.png") });
  });
});

/** Entirely inside the viewport's width: reachable without scrolling the page sideways. */
async function expectInView(locator: Locator, label: string) {
  const box = await locator.boundingBox();
  const width = locator.page().viewportSize()!.width;
  expect(box, `${label} is laid out`).not.toBeNull();
  expect(box!.x, `${label} starts inside the viewport`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${label} ends inside the viewport`).toBeLessThanOrEqual(width);
}
