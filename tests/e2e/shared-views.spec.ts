import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Locator, type Page } from "./fixtures";
import { signUpOrgWithClusters } from "./org-with-clusters";
import { describeCluster, testClusterIds } from "../support/clusters";
import { newAccount, signIn, signUp } from "../support/e2e";
import { addClusterThroughDialog, kubeconfigPathOf } from "../support/e2e-clusters";
import { connectToE2eDatabase, createMember, createOrg } from "../support/e2e-db";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * Saved and shared views, presence, the command palette, the fleet home and cross-cluster lists
 * (docs/resource-views.md) against the run's two real test clusters.
 */
const [FIRST, SECOND] = testClusterIds().map((id) => describeCluster(id)) as [
  ReturnType<typeof describeCluster>,
  ReturnType<typeof describeCluster>,
];
const SCREENS = [
  [1440, "dark"],
  [360, "light"],
  [1440, "light"],
  [360, "dark"],
] as const;

const db = connectToE2eDatabase();

test.describe("shared views", () => {
  const ada = newAccount("views");
  let orgId: string;
  let firstId: string;
  let secondId: string;

  test.beforeAll(async ({ browser }) => {
    [firstId, secondId] = await signUpOrgWithClusters(browser, ada, [FIRST, SECOND]);
    orgId = (await db.cluster.findUniqueOrThrow({ where: { id: firstId } })).orgId;
  });
  test.afterAll(async () => db.$disconnect());

  async function signedIn(page: Page) {
    await signIn(page, ada);
    await expect(page.getByTestId("app-shell")).toBeVisible({ timeout: 20_000 });
  }

  /** A teammate of Ada's, signed in through a session of their own in a separate browser context. */
  async function teammate(browser: Browser, baseURL: string) {
    const member = await createMember(db, orgId, "viewer");
    const context = await browser.newContext();
    await context.addCookies([{ name: "authjs.session-token", value: member.sessionToken, url: baseURL }]);
    return { member, context, page: await context.newPage() };
  }

  test("a view Ada shares appears for Bob, her copied link opens the same live list, and each sees the other", async ({
    page,
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(120_000);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    // Bob is already looking at the fleet home when Ada shares: his sidebar must follow.
    const bob = await teammate(browser, baseURL!);
    await bob.page.goto("/");
    await expect(bob.page.getByTestId("fleet-summary")).toBeVisible();
    await signedIn(page);
    await page.goto(`/clusters/${firstId}/pods?ns=payments&q=ledger`);
    await expect(page.getByTestId("resource-total")).toHaveText("1 item");
    await page.getByTestId("save-view").click();
    await page.getByTestId("save-view-name").fill("Ledger on call");
    await page.getByTestId("save-view-shared").check();
    await page.getByTestId("save-view-submit").click();
    await expect(page).toHaveURL(/\/views\/[0-9a-f-]{36}/);
    const viewId = new URL(page.url()).pathname.split("/").at(-1)!;
    await expect(page.getByTestId("page-title")).toHaveText("Ledger on call");
    await expect(page.getByTestId("view-visibility")).toHaveText("Shared");
    await expect(page.getByTestId("resource-total")).toHaveText("1 item");
    await expect(page.getByTestId("presence-none")).toBeVisible();
    await page.getByTestId("copy-view-link").click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${baseURL}/views/${viewId}`);

    try {
      await expect(bob.page.getByTestId(`sidebar-view-${viewId}`)).toHaveText("Ledger on call");
      await bob.page.goto(link);
      await expect(bob.page.getByTestId("page-title")).toHaveText("Ledger on call");
      await expect(bob.page).toHaveURL(/ns=payments/);
      await expect(bob.page).toHaveURL(/q=ledger/);
      await expect(bob.page.getByTestId("resource-total")).toHaveText("1 item");
      await expect(bob.page.locator('[data-testid^="resource-row-payments/ledger-worker-"]')).toHaveCount(1);
      // Bob is not the owner: he may copy the link, not change or delete Ada's view.
      await expect(bob.page.getByTestId("update-view")).toHaveCount(0);
      await expect(bob.page.getByTestId("delete-view")).toHaveCount(0);

      await expect(page.getByTestId(`presence-${bob.member.user.email}`)).toBeVisible();
      await expect(bob.page.getByTestId(`presence-${ada.email}`)).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath("shared-view-1440-dark.png") });
    } finally {
      await bob.context.close();
    }
    // Bob's tab closed: he is gone from Ada's avatars without a reload.
    await expect(page.getByTestId("presence-none")).toBeVisible({ timeout: LIVE_CHANGE_TIMEOUT });
  });

  test("another org's view is a 404 from the page", async ({ page }) => {
    const other = await createOrg(db, "Views elsewhere");
    const owner = await createMember(db, other.id, "owner");
    const foreign = await db.savedView.create({
      data: {
        orgId: other.id,
        ownerId: owner.user.id,
        name: "Not yours",
        visibility: "org",
        clusterIds: [firstId],
        resource: "pods",
        state: {},
      },
    });
    await signedIn(page);
    const response = await page.goto(`/views/${foreign.id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("Not yours")).toHaveCount(0);
  });

  test("the command palette finds a pod by name and opens its detail URL", async ({ page }) => {
    await signedIn(page);
    await page.goto("/");
    await page.keyboard.press("Control+k");
    await expect(page.getByTestId("command-input")).toBeFocused();
    await page.getByTestId("command-input").fill("ledger-wor");
    const hit = page.locator(`[data-testid^="command-item-object-payments-ledger-worker-"]`).first();
    await expect(hit).toBeVisible({ timeout: LIVE_CHANGE_TIMEOUT });
    const podName = (await hit.getAttribute("data-testid"))!.replace("command-item-object-payments-", "");
    await hit.click();
    // A chosen object offers its actions; Open leads to its page.
    await page.getByTestId("command-action-open").click();
    // The detail page is another branch's work: the URL it leads to is the contract.
    await expect(page).toHaveURL(new RegExp(`/clusters/[0-9a-f-]{36}/pods/payments/${podName}$`));
  });

  test("a cross-cluster list shows rows of both clusters with a cluster column", async ({ page }) => {
    await signedIn(page);
    await page.goto(`/clusters/${firstId}/deployments.apps?ns=shop`);
    await expect(page.getByTestId("resource-row-shop/web")).toHaveCount(1);
    await page.getByTestId("cluster-picker-summary").click();
    await page.getByTestId("cluster-picker-all").click();
    await expect(page).toHaveURL(/clusters=/);
    const picked = new URL(page.url()).searchParams.get("clusters")!.split(",");
    expect(picked.sort()).toEqual([firstId, secondId].sort());
    const webs = page.getByTestId("resource-row-shop/web");
    await expect(webs).toHaveCount(2);
    expect((await webs.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-cluster-id")))).sort()).toEqual(
      [firstId, secondId].sort(),
    );
    await expect(page.getByRole("columnheader", { name: "Cluster" })).toBeVisible();
    // The column picker narrows the table, and the URL keeps it.
    await page.getByTestId("column-picker-summary").click();
    await page.getByTestId("column-picker-option-age").uncheck();
    await expect(page).toHaveURL(/cols=/);
    await expect(page.getByTestId("sort-age")).toHaveCount(0);
  });

  test("the fleet home: every cluster's figures, usable at 360 px, in both themes", async ({ page }, testInfo) => {
    await signedIn(page);
    for (const [width, scheme] of SCREENS) {
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/");
      for (const cluster of [FIRST, SECOND]) {
        const card = page.getByTestId(`fleet-row-${cluster.name}-admin`);
        await expect(card.getByTestId("fleet-nodes")).toHaveText(/^\d+\/\d+$/, { timeout: LIVE_CHANGE_TIMEOUT });
        await expect(card.getByTestId("fleet-pods")).toContainText("pods:");
        await expect(card.getByTestId("fleet-failing")).toHaveText(/^[1-9]\d*$/);
      }
      // Each card says its own cluster's truth; the header's indicator is the socket's.
      for (const cluster of [FIRST, SECOND]) {
        const freshness = page.getByTestId(`fleet-row-${cluster.name}-admin`).getByTestId("fleet-freshness");
        await expect(freshness).toHaveAttribute("data-state", "live", { timeout: 20_000 });
      }
      await expect(page.getByTestId("fleet-connection")).toHaveText("Live");
      // Nothing sideways at phone width: the page scrolls down, not across.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await expectNoEmptyPills(page);
      for (const cluster of [FIRST, SECOND]) {
        // The failing pods figure is whole and on the card: not cut, not pushed off.
        const failing = page.getByTestId(`fleet-row-${cluster.name}-admin`).getByTestId("fleet-failing");
        expect(await failing.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
        await expectInsideOf(failing, page.getByTestId(`fleet-row-${cluster.name}-admin`));
      }
      await page.screenshot({ path: testInfo.outputPath(`fleet-${width}-${scheme}.png`), fullPage: true });
    }
    await page.getByTestId(`fleet-row-${FIRST.name}-admin`).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${firstId}$`));
  });

  test("the fleet home says which cluster is failing: its own card is unreachable with the reason, the others live", async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await signUp(page, newAccount("fleet-truth"));
    await addClusterThroughDialog(page, FIRST);
    // A cluster whose API server is gone: nothing listens on port 9. Added anyway after its test fails.
    const ca = Buffer.from(
      readFileSync(kubeconfigPathOf(FIRST), "utf8").match(/^\s*certificate-authority-data:\s*(\S+)\s*$/m)![1]!,
      "base64",
    ).toString("utf8");
    await page.goto("/clusters");
    await page.getByTestId("add-cluster-button").first().click();
    await page.getByTestId("token-tab").click();
    await page.getByTestId("token-name").fill("gone");
    await page.getByTestId("token-server").fill("https://127.0.0.1:9");
    await page.getByTestId("token-ca").fill(ca);
    await page.getByTestId("token-token").fill("no-server-behind-this");
    await page.getByTestId("token-test").click();
    await expect(page.getByTestId("token-test-result")).toBeVisible({ timeout: 20_000 });
    await page.getByTestId("token-submit").click();
    await page.getByTestId("add-anyway-confirm").click();
    await expect(page.getByTestId("cluster-card-gone")).toBeVisible();

    for (const width of [1440, 360]) {
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.goto("/");
      const gone = page.getByTestId("fleet-row-gone").getByTestId("fleet-freshness");
      await expect(gone).toHaveAttribute("data-state", "unreachable", { timeout: 45_000 });
      await expect(gone).toContainText(/^Unreachable/);
      await expect(gone.getByTestId("fleet-freshness-reason")).toHaveText(/^: \S/);
      const healthy = page.getByTestId(`fleet-row-${FIRST.name}-admin`).getByTestId("fleet-freshness");
      await expect(healthy).toHaveAttribute("data-state", "live", { timeout: 20_000 });
      await expect(healthy).toHaveText("Live");
      // The socket itself is fine: the header says so, whatever one cluster does.
      await expect(page.getByTestId("fleet-connection")).toHaveText("Live");
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: testInfo.outputPath(`fleet-failing-cluster-${width}.png`), fullPage: true });
    }
  });

  test("pills are never empty at 360 px: a failing pod in a list is a bare dot beside its name, not an empty chip", async ({
    page,
  }) => {
    await signedIn(page);
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`/clusters/${firstId}/pods?ns=payments&q=ledger`);
    const row = page.locator('[data-testid^="resource-row-payments/ledger-worker-"]').first();
    await expect(row.getByTestId("row-alarm-dot")).toBeVisible({ timeout: 20_000 });
    await expect(row.getByTestId("row-alarm-dot")).toHaveAttribute("aria-label", /\S/);
    await expectNoEmptyPills(page);
  });

  test("screens of a shared view at 1440 and 360 px, light and dark", async ({ page }, testInfo) => {
    test.setTimeout(150_000); // four screens, each a fresh page load: slow on a loaded machine
    await signedIn(page);
    const owner = await db.user.findUniqueOrThrow({ where: { email: ada.email } });
    const view = await db.savedView.create({
      data: {
        orgId,
        ownerId: owner.id,
        name: "Crashing in payments",
        visibility: "org",
        clusterIds: [firstId],
        resource: "pods",
        state: { namespaces: ["payments"], filter: "ledger" },
      },
    });
    for (const [width, scheme] of SCREENS) {
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/views/${view.id}`);
      await expect(page.getByTestId("resource-total")).toHaveText("1 item");
      if (width === 360) {
        // Filter on top, then one row: pickers, "More" (the view's actions) and the total.
        const toolbar = await page.getByTestId("resource-toolbar").boundingBox();
        expect(toolbar!.height).toBeLessThanOrEqual(2 * 36 + 8 + 4);
        await expect(page.getByTestId("copy-view-link")).toBeHidden();
        await page.getByTestId("toolbar-more").click();
        await expect(page.getByTestId("copy-view-link")).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      }
      await page.screenshot({ path: testInfo.outputPath(`view-${width}-${scheme}.png`) });
    }
    await page.keyboard.press("Control+k");
    await page.getByTestId("command-input").fill("crashing");
    await expect(page.getByTestId(`command-item-view-${view.id}`)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("palette-360-dark.png") });
  });
});

/** Every visible pill (a Badge) shows some of its label: never a dot in an empty chip. */
async function expectNoEmptyPills(page: Page) {
  const empty = await page.locator("[data-tone]").evaluateAll((pills) =>
    pills
      .filter((pill) => pill.getClientRects().length > 0)
      .filter((pill) => {
        const label = pill.lastElementChild as HTMLElement | null;
        return !label || label.getBoundingClientRect().width < 4 || !label.textContent?.trim();
      })
      .map((pill) => pill.outerHTML.slice(0, 200)),
  );
  expect(empty).toEqual([]);
}

/** The element lies within its container's box (nothing of it outside the card). */
async function expectInsideOf(inner: Locator, outer: Locator) {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  expect(a!.x).toBeGreaterThanOrEqual(b!.x);
  expect(a!.x + a!.width).toBeLessThanOrEqual(b!.x + b!.width);
}
