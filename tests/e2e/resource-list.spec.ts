import { expect, test } from "./fixtures";
import { signUpOrgWithClusters } from "./org-with-clusters";
import { newAccount } from "../support/e2e";
import {
  kubectl,
  kubectlInput,
  signedIn,
  forEachScreen,
  signUpWithCluster,
  testKubeconfig,
} from "../support/e2e-clusters";

/**
 * The generic live list of a kind (docs/realtime.md, "Windows") against the run's first real
 * test cluster: rows change while kubectl changes the cluster, failing pods show their state as a
 * chip, and a link carries the view.
 */
test.describe("resource lists", () => {
  const account = newAccount("lists");
  let clusterId: string;
  let replicas: number;

  test.beforeAll(async ({ browser }) => {
    [clusterId] = await signUpOrgWithClusters(browser, account);
    replicas = Number(kubectl("get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}"));
  });

  test.afterAll(() => {
    kubectl("scale", "deployment", "web", "-n", "shop", `--replicas=${replicas}`);
  });

  test("the cluster page leads to a kind; the Deployments list follows kubectl scale without a reload", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}`);
    await page.getByTestId("kind-link-deployments.apps").click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}/deployments\\.apps$`));
    await expect(page.getByTestId("page-title")).toHaveText("Deployments");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");

    const web = page.getByTestId("resource-row-shop/web");
    await expect(web).toContainText(`/${replicas}`);
    // The same document throughout: a reload would lose this mark.
    await page.evaluate(() => ((window as unknown as { listMark: number }).listMark = 1));
    kubectl("scale", "deployment", "web", "-n", "shop", `--replicas=${replicas + 2}`);
    await expect(web).toContainText(`/${replicas + 2}`);
    expect(await page.evaluate(() => (window as unknown as { listMark?: number }).listMark)).toBe(1);

    // The namespace picker narrows the list server-side and records it in the URL.
    await page.getByTestId("namespace-summary").click();
    await page.getByTestId("namespace-option-payments").check();
    await expect(page).toHaveURL(/ns=payments/);
    await expect(page.getByTestId("resource-row-payments/api")).toBeVisible();
    await expect(web).toBeHidden();
  });

  test("the pods list shows ledger-worker's CrashLoopBackOff as a chip", async ({ page }) => {
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/pods?ns=payments`);
    const ledger = page.locator('[data-testid^="resource-row-payments/ledger-worker-"]');
    await expect(ledger).toHaveCount(1);
    // The fake kubelet restarts the crashing container now and then (Running for a moment): wait
    // out one restart rather than assert on which instant the page was opened.
    await expect(ledger.getByTestId("status-chip-CrashLoopBackOff")).toBeVisible({ timeout: 60_000 });
    // Running pods are plain text, not chips: only failing states draw the eye.
    const api = page.locator('[data-testid^="resource-row-payments/api-"]').first();
    await expect(api).toContainText("Running");
    await expect(api.locator('[data-testid^="status-chip-"]')).toHaveCount(0);
  });

  test("a filter typed into the page is in the URL, and the URL opens the same list in another browser", async ({
    page,
    browser,
  }) => {
    // Two browsers signing in and subscribing: slow on a loaded machine.
    test.setTimeout(120_000);
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/pods`);
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    await page.getByTestId("resource-filter").fill("ledger");
    await expect(page).toHaveURL(/q=ledger/);
    await expect(page.getByTestId("resource-total")).toHaveText("1 item");
    await page.getByTestId("sort-age").click();
    await expect(page).toHaveURL(/sort=age/);
    const link = page.url();

    const other = await browser.newContext();
    try {
      const second = await other.newPage();
      await signedIn(second, account);
      await second.goto(link);
      await expect(second.getByTestId("resource-filter")).toHaveValue("ledger");
      await expect(second.getByTestId("resource-total")).toHaveText("1 item");
      await expect(second.locator('[data-testid^="resource-row-payments/ledger-worker-"]')).toBeVisible();
      await expect(second.getByTestId("sort-age").locator("..")).toHaveAttribute("aria-sort", "ascending");

      // A filter nothing matches is a designed empty state, not a blank table.
      await second.getByTestId("resource-filter").fill("no-such-pod-anywhere");
      await expect(second.getByTestId("resource-empty")).toContainText("No pods match");
    } finally {
      await other.close();
    }
  });

  test("an empty namespace and a resource the cluster does not serve", async ({ page }) => {
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/deployments.apps?ns=kube-public`);
    await expect(page.getByTestId("resource-empty")).toContainText("No deployments in kube-public");
    const missing = await page.goto(`/clusters/${clusterId}/widgets.example.com`);
    expect(missing?.status()).toBe(404);
  });

  test("the window follows the scroll through a list longer than one window", async ({ page }) => {
    test.setTimeout(120_000);
    const namespace = `scroll-${Date.now().toString(36)}`;
    const items = Array.from({ length: 450 }, (_, i) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `cm-${String(i).padStart(3, "0")}`, namespace },
    }));
    kubectl("create", "namespace", namespace);
    try {
      kubectlInput(JSON.stringify({ apiVersion: "v1", kind: "List", items }), "create", "-f", "-");
      await signedIn(page, account);
      await page.goto(`/clusters/${clusterId}/configmaps?ns=${namespace}&q=cm-&sort=name`);
      await expect(page.getByTestId("resource-total")).toHaveText("450 items");
      await expect(page.getByTestId(`resource-row-${namespace}/cm-000`)).toBeVisible();
      // Rows past the first window (300) arrive only once the scroll asks for them.
      await expect(page.getByTestId(`resource-row-${namespace}/cm-449`)).toHaveCount(0);
      await page.getByTestId("resource-scroll").evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await expect(page.getByTestId(`resource-row-${namespace}/cm-449`)).toBeVisible();
      await expect(page.getByTestId(`resource-row-${namespace}/cm-000`)).toHaveCount(0);
    } finally {
      kubectl("delete", "namespace", namespace, "--wait=false");
    }
  });

  test("a kind the cluster's RBAC refuses is a forbidden state, not an empty list", async ({ page }) => {
    test.setTimeout(120_000);
    // The view-only credential: ClusterRoleBinding to the built-in `view`, which excludes Secrets.
    const viewerCluster = await signUpWithCluster(page, newAccount("viewer"), testKubeconfig("viewer"));
    await page.goto(`/clusters/${viewerCluster}/secrets`);
    await expect(page.getByTestId("resource-forbidden")).toContainText("You may not list secrets");
    await page.screenshot({ path: test.info().outputPath("forbidden.png") });
    await page.goto(`/clusters/${viewerCluster}/configmaps?ns=shop`);
    await expect(page.locator('[data-testid^="resource-row-shop/"]').first()).toBeVisible();
  });

  test("the first rows come in the page's HTML and then go live: a kubectl scale reaches a server-rendered row", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signedIn(page, account);
    const url = `/clusters/${clusterId}/deployments.apps?ns=shop`;
    // Once the view has listed (this visit), the server renders its first window from the cache.
    await page.goto(url);
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    const html = await (await page.request.get(url)).text();
    expect(html).toContain('data-testid="resource-row-shop/web"');
    expect(html).toContain('data-testid="resource-scroll"');

    // An earlier test of this file may have left web scaled: start from what the cluster says.
    const current = Number(kubectl("get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}"));
    await page.goto(url);
    const web = page.getByTestId("resource-row-shop/web");
    await expect(web).toContainText(`/${current}`);
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    await page.evaluate(() => ((window as unknown as { firstMark: number }).firstMark = 1));
    try {
      kubectl("scale", "deployment", "web", "-n", "shop", `--replicas=${current + 1}`);
      await expect(web).toContainText(`/${current + 1}`);
      expect(await page.evaluate(() => (window as unknown as { firstMark?: number }).firstMark)).toBe(1);
    } finally {
      kubectl("scale", "deployment", "web", "-n", "shop", `--replicas=${current}`);
    }
  });

  test("at 360 px the Namespace header is whole and the toolbar stays compact", async ({ page }) => {
    await signedIn(page, account);
    await page.setViewportSize({ width: 360, height: 780 });
    for (const scheme of ["dark", "light"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/clusters/${clusterId}/pods`);
      await expect(page.locator('[data-testid^="resource-row-"]').first()).toBeVisible();
      // Measured once the page is live: the server-rendered rows are visible while it still connects.
      await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
      const header = await page.getByTestId("sort-namespace").boundingBox();
      expect(header).not.toBeNull();
      expect(header!.x).toBeGreaterThanOrEqual(0);
      expect(header!.x + header!.width).toBeLessThanOrEqual(360);
      // The filter on its own row, then one row of pickers, the "More" menu and the total.
      const toolbar = await page.getByTestId("resource-toolbar").boundingBox();
      expect(toolbar!.height).toBeLessThanOrEqual(2 * 36 + 8 + 4);
      await expect(page.getByTestId("save-view")).toBeHidden();
      await page.getByTestId("toolbar-more").click();
      await expect(page.getByTestId("save-view")).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
  });

  test("screens at 1440 and 360 px, light and dark", async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    await signedIn(page, account);
    await forEachScreen(page, async (screen) => {
      await page.goto(`/clusters/${clusterId}/pods`);
      await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
      await expect(page.locator('[data-testid^="resource-row-"]').first()).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`pods-${screen}.png`) });
    });
    await page.goto(`/clusters/${clusterId}`);
    await expect(page.getByTestId("kind-link-pods")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("cluster-kinds.png"), fullPage: true });
  });
});
