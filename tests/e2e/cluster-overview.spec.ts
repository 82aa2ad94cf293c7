import { expect, test } from "./fixtures";
import { signUpOrgWithClusters } from "./org-with-clusters";
import { formatBytes, formatCores } from "@/lib/resources/cluster-overview";
import { parseQuantity } from "@/lib/resources/quantity";
import { readTestClusters } from "../support/clusters";
import { newAccount } from "../support/e2e";
import {
  E2E_CLUSTER,
  kubectl,
  kubectlInput,
  forEachScreen,
  signedIn,
  signUpWithCluster,
} from "../support/e2e-clusters";
import { namespaceScopedKubeconfig } from "../support/namespace-credential";

/**
 * The cluster overview and the events page against a real cluster (docs/resource-views.md):
 * bin packing per node equals kubectl's figures, failing pods and warnings show with their
 * reasons, and a namespace-scoped credential lands on a page that works.
 */
test.describe("cluster overview and events", () => {
  const account = newAccount("overview");
  let clusterId: string;

  test.beforeAll(async ({ browser }) => {
    [clusterId] = await signUpOrgWithClusters(browser, account);
  });

  test("nodes show requested vs allocatable as kubectl describes them; failing pods and warnings with reasons", async ({
    page,
  }) => {
    const node = `${E2E_CLUSTER.name}-node`;
    const described = kubectl("describe", "node", node);
    const requested = /^\s+cpu\s+(\d+m?)\s/m.exec(described.slice(described.indexOf("Allocated resources")))![1]!;
    const allocatable = (resource: string) =>
      parseQuantity(kubectl("get", "node", node, "-o", `jsonpath={.status.allocatable.${resource}}`))!;
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}`);
    const usage = page.getByTestId(`node-usage-${node}`);
    await expect(usage.getByTestId("usage-cpu-text")).toContainText(
      `${formatCores(parseQuantity(requested)!)} of ${formatCores(allocatable("cpu"))}`,
    );
    await expect(usage.getByTestId("usage-memory-text")).toContainText(`of ${formatBytes(allocatable("memory"))}`);

    const pods = page.getByTestId("overview-pods");
    await expect(pods.locator('[data-testid^="trouble-shop/recommendations-"]').first()).toContainText(
      "ImagePullBackOff",
    );
    await expect(pods.locator('[data-testid^="trouble-batch/ml-trainer-"]')).toContainText("Pending");
    await expect(page.getByTestId("workloads-deployments.apps")).toContainText("degraded");
    await expect(page.getByTestId("overview-warnings").getByRole("link").nth(1)).toBeVisible();

    await pods.locator('[data-testid^="trouble-batch/ml-trainer-"]').getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}/pods/batch/ml-trainer-`));
    await expect(page.getByTestId("status-reason")).toContainText("Insufficient cpu");
  });

  test("the events page groups by object with warnings first, and links to the object's events", async ({ page }) => {
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/events`);
    const groups = page.getByTestId("event-group");
    await expect(groups.first()).toHaveAttribute("data-warning", "true");
    await expect(page.getByTestId("events-view").getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    const flags = await groups.evaluateAll((items) => items.map((item) => item.getAttribute("data-warning")));
    // Every object with a warning comes before every object without one.
    expect(flags.indexOf("false") === -1 || flags.lastIndexOf("true") < flags.indexOf("false")).toBe(true);

    await page.getByTestId("events-warnings-only").check();
    await expect(page).toHaveURL(/warnings=true/);
    await page.getByTestId("events-filter").fill("ledger-worker");
    await expect(page).toHaveURL(/q=ledger-worker/);
    // The seed rolls ledger-worker out twice: on a freshly seeded cluster the replaced pods' events
    // are still there (and in Pilothouse's history), each its own group. The running pod's is the one.
    const current = kubectl("get", "pods", "-n", "payments", "-o", "jsonpath={.items[*].metadata.name}")
      .split(" ")
      .filter((name) => name.startsWith("ledger-worker-"));
    expect(current).toHaveLength(1);
    const ledger = groups.filter({ hasText: `pod ${current[0]}` });
    await expect(ledger).toHaveCount(1);
    await ledger.getByTestId("event-group-link").click();
    await expect(page).toHaveURL(new RegExp(`/pods/payments/${current[0]}\\?tab=events$`));
    await expect(page.getByTestId("object-event").filter({ hasText: "BackOff" }).first()).toBeVisible();
  });

  test("a deleted object's page shows its events from history after the cluster has deleted them", async ({
    page,
  }, testInfo) => {
    test.setTimeout(150_000);
    const pod = `vanished-${Date.now().toString(36)}`;
    const now = new Date().toISOString();
    kubectlInput(
      JSON.stringify({
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: `${pod}.1`, namespace: "shop" },
        involvedObject: { kind: "Pod", name: pod, namespace: "shop" },
        reason: "ProbeFailed",
        message: "readiness probe failed before the pod went away",
        type: "Warning",
        count: 4,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: "e2e" },
      }),
      "apply",
      "-f",
      "-",
    );
    await signedIn(page, account);
    // The recorder keeps what the cluster reports (docs/logs.md, Event history): wait until it has.
    await expect
      .poll(
        async () => {
          const response = await page.request.get(`/api/v1/clusters/${clusterId}/events?namespace=shop&name=${pod}`);
          return response.ok() ? ((await response.json()) as { events: unknown[] }).events.length : -1;
        },
        { timeout: 90_000, intervals: [1000] },
      )
      .toBe(1);
    kubectl("delete", "event", `${pod}.1`, "-n", "shop");
    await page.goto(`/clusters/${clusterId}/pods/shop/${pod}?tab=events`);
    await expect(page.getByTestId("object-deleted")).toBeVisible();
    const event = page.getByTestId("object-event").filter({ hasText: "ProbeFailed" });
    await expect(event).toContainText("readiness probe failed");
    await expect(event).toContainText("×4");
    await expect(event.getByTestId("from-history")).toBeVisible();
    await forEachScreen(page, async (screen) => {
      await expect(event.getByTestId("from-history")).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`events-from-history-${screen}.png`) });
    });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The events page: the same event from history, the time range in the URL.
    await page.goto(`/clusters/${clusterId}/events?range=24h&q=${pod}`);
    await expect(page.getByTestId("events-range")).toHaveValue("24h");
    const group = page.getByTestId("event-group");
    await expect(group).toHaveCount(1);
    await expect(group.getByTestId("from-history")).toBeVisible();
    await page.getByTestId("events-range").selectOption("7d");
    await expect(page).toHaveURL(/range=7d/);
  });

  test("a namespace-scoped credential lands on a working page for its namespace", async ({ page }) => {
    test.setTimeout(120_000);
    const namespace = `scoped-${Date.now().toString(36)}`;
    kubectl("create", "namespace", namespace);
    try {
      kubectl("create", "deployment", "hello", "-n", namespace, "--image=ghcr.io/acme/hello:1.0");
      const cluster = readTestClusters().find((candidate) => candidate.id === E2E_CLUSTER.id) ?? E2E_CLUSTER;
      const credential = namespaceScopedKubeconfig(cluster, namespace);
      await signUpWithCluster(page, newAccount("scoped"), credential);
      await expect(page.getByTestId("namespace-scope")).toContainText("one namespace");
      await expect(page.getByTestId(`namespace-scope-${namespace}`)).toBeVisible();
      // The overview works inside the namespace: no node card, no refusal, the pod listed.
      await expect(page.getByTestId("overview-nodes")).toHaveCount(0);
      await expect(page.getByTestId("overview-pods")).toContainText("1 in all");
      await expect(page.getByTestId("overview-pods").getByTestId("live-indicator")).toHaveAttribute(
        "data-state",
        "live",
      );
      await page.getByTestId(`namespace-scope-${namespace}`).click();
      await expect(page.locator(`[data-testid^="resource-row-${namespace}/hello-"]`)).toBeVisible();
    } finally {
      kubectl("delete", "namespace", namespace, "--wait=false");
    }
  });

  test("screens at 1440 and 360 px, light and dark", async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    await signedIn(page, account);
    await forEachScreen(page, async (screen) => {
      await page.goto(`/clusters/${clusterId}`);
      await expect(page.getByTestId(`node-usage-${E2E_CLUSTER.name}-node`)).toBeVisible();
      await expect(page.getByTestId("overview-warnings").getByRole("link").nth(1)).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`overview-${screen}.png`), fullPage: true });
      await page.goto(`/clusters/${clusterId}/events`);
      await expect(page.getByTestId("event-group").first()).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`events-${screen}.png`) });
    });
  });
});
