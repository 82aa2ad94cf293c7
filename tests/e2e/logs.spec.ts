import { expect, test, type Locator } from "./fixtures";
import { signUpOrgWithClusters } from "./org-with-clusters";
import { newAccount } from "../support/e2e";
import { E2E_CLUSTER, kubectl, signedIn } from "../support/e2e-clusters";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * The log viewer (docs/logs.md, The viewer) against the run's first real test cluster: every pod
 * of a Deployment merged live, a regex filter that travels in the URL to a teammate's browser,
 * autoscroll that pauses when the reader scrolls up, and the crash-looping pod's previous log.
 */
/** The access-log lines of shop/web whose status is 404 or 500. */
const FAILED_REQUESTS = '/" (404|500) /';

/** The text of every line on screen (the list is virtualized: what is rendered). */
async function shownTexts(lines: Locator): Promise<string[]> {
  return lines.evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ""));
}

test.describe("live logs", () => {
  const account = newAccount("logs");
  let clusterId: string;

  test.beforeAll(async ({ browser }) => {
    [clusterId] = await signUpOrgWithClusters(browser, account);
  });

  test("a Deployment's pods, a regex filter shared by URL, and autoscroll that pauses", async ({ page, browser }) => {
    test.setTimeout(120_000);
    await signedIn(page, account);
    // /logs lists the org's clusters and leads to the cluster's logs page.
    await page.goto("/logs");
    await page.getByTestId(`logs-cluster-${E2E_CLUSTER.name}-admin`).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}/logs$`));
    await expect(page.getByTestId("logs-pick-empty")).toBeVisible();
    await page.getByTestId("log-pick-namespace").selectOption("shop");
    await page.getByTestId("log-pick-deployments.apps-web").click();
    await expect(page.getByTestId("log-target")).toContainText("Deployment web (all pods)");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");

    // Every pod of the Deployment is in the one view, each line prefixed with its pod.
    const pods = kubectl(
      "get",
      "pods",
      "-n",
      "shop",
      "-l",
      "app=web",
      "-o",
      "jsonpath={.items[*].metadata.name}",
    ).split(" ");
    const prefixes = page.getByTestId("log-prefix");
    await expect
      .poll(async () => new Set((await shownTexts(prefixes)).map((text) => text.split("/")[0])).size, {
        timeout: LIVE_CHANGE_TIMEOUT,
      })
      .toBe(pods.length);

    await page.getByTestId("log-filter").fill(FAILED_REQUESTS);
    await expect(page).toHaveURL(/[?&]q=/);
    const lines = page.getByTestId("log-line");
    await expect(lines.first()).toBeVisible();
    const matching = /" (404|500) /;
    expect((await shownTexts(lines)).every((text) => matching.test(text))).toBe(true);

    // A teammate opens the copied link: the same target, the same filter, live.
    const teammate = await browser.newContext();
    const second = await teammate.newPage();
    await signedIn(second, account);
    await second.goto(page.url());
    await expect(second.getByTestId("log-target")).toContainText("Deployment web (all pods)");
    await expect(second.getByTestId("log-filter")).toHaveValue(FAILED_REQUESTS);
    await expect(second.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    const theirLines = second.getByTestId("log-line");
    await expect(theirLines.first()).toBeVisible();
    expect((await shownTexts(theirLines)).every((text) => matching.test(text))).toBe(true);
    // Live: a new matching line arrives without a reload (the pods write one a second each).
    const count = async () => Number((await second.getByTestId("log-count").textContent())?.replace(/\D/g, ""));
    const before = await count();
    await expect.poll(count, { timeout: LIVE_CHANGE_TIMEOUT }).toBeGreaterThan(before);
    // Search matches are kept up to date as lines arrive: the count grows without a new term.
    await second.getByTestId("log-search").fill("500");
    const searchCount = second.getByTestId("log-search-count");
    const found = async () => Number((await searchCount.textContent())?.match(/^(\d+) found$/)?.[1] ?? NaN);
    await expect.poll(found, { timeout: 20_000 }).toBeGreaterThan(0);
    const foundBefore = await found();
    await expect.poll(found, { timeout: 60_000 }).toBeGreaterThan(foundBefore);
    await second.getByTestId("log-search").press("Enter");
    await expect(searchCount).toHaveText(/^1\/\d+$/);
    await teammate.close();

    // Scrolling up pauses autoscroll; new lines are counted on the way back.
    await page.getByTestId("log-filter").fill("");
    const scroller = page.getByTestId("log-scroll");
    await expect(scroller).toHaveAttribute("data-autoscroll", "on");
    await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
    await expect(scroller).toHaveAttribute("data-autoscroll", "paused");
    await expect(page.getByTestId("jump-to-live")).toContainText(/Jump to live \(\d+ new\)/, {
      timeout: LIVE_CHANGE_TIMEOUT,
    });
    await page.getByTestId("jump-to-live").click();
    await expect(scroller).toHaveAttribute("data-autoscroll", "on");
    await expect(page.getByTestId("jump-to-live")).toBeHidden();
  });

  test("the crash-looping ledger-worker's previous container, read to its panic", async ({ page }) => {
    test.setTimeout(90_000);
    await signedIn(page, account);
    const pod = kubectl(
      "get",
      "pods",
      "-n",
      "payments",
      "-l",
      "app=ledger-worker",
      "-o",
      "jsonpath={.items[0].metadata.name}",
    );
    await page.goto(`/clusters/${clusterId}/logs?ns=payments&pod=${pod}&previous=true`);
    await expect(page.getByTestId("log-finished")).toBeVisible();
    await expect(page.getByTestId("log-line").last()).toContainText("panic: ");
    await expect(page.getByTestId("log-container")).toContainText(/restarts/);
    await expect(page.getByTestId("log-download-full")).toHaveAttribute("href", /previous=true/);
    // JSON lines open pretty-printed on demand.
    const jsonLine = page.getByTestId("log-line").filter({ hasText: '"level"' }).first();
    await jsonLine.getByRole("button", { name: "{}" }).click();
    await expect(jsonLine).toContainText('"level": ');
  });

  test("a Deployment's detail page has Logs and Timeline tabs", async ({ page }) => {
    test.setTimeout(90_000);
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/deployments.apps/shop/web?tab=logs`);
    await expect(page.getByTestId("log-target")).toContainText("Deployment web (all pods)");
    await expect(page.getByTestId("log-line").first()).toBeVisible({ timeout: LIVE_CHANGE_TIMEOUT });
    await page.getByTestId("detail-tab-timeline").click();
    await expect(page).toHaveURL(/[?&]tab=timeline/);
    // The seeded Deployment rolled out its revisions when the cluster was seeded.
    await page.getByTestId("timeline-since").selectOption("7d");
    await expect(page.getByTestId("timeline-revision").first()).toContainText(/Revision \d+ rolled out/);
  });

  test("screens at 1440 and 360 px, light and dark", async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await signedIn(page, account);
    for (const [width, scheme] of [
      [1440, "dark"],
      [360, "light"],
      [1440, "light"],
      [360, "dark"],
    ] as const) {
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/clusters/${clusterId}/logs?ns=shop&kind=Deployment&name=web&find=products&ts=true`);
      await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
      await expect(page.getByTestId("log-line").first()).toBeVisible();
      if (width === 360) {
        // A phone shows a colour chip and the pod's suffix, not pod/container: the text starts on screen.
        const short = page.getByTestId("log-prefix-short").first();
        await expect(short).toBeVisible();
        await expect(page.getByTestId("log-prefix").first()).toBeHidden();
        // Lines are virtualized and keep arriving: a line can leave the DOM between two reads.
        await expect.poll(async () => (await short.boundingBox())?.width ?? Infinity).toBeLessThan(70);
      }
      await page.screenshot({ path: testInfo.outputPath(`logs-${width}-${scheme}.png`) });
      await page.goto(`/clusters/${clusterId}/deployments.apps/shop/web?tab=timeline`);
      await page.getByTestId("timeline-since").selectOption("7d");
      await expect(page.getByTestId("timeline-revision").first()).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`timeline-${width}-${scheme}.png`) });
    }
    await page.goto(`/clusters/${clusterId}/logs?ns=payments&kind=Deployment&name=ledger-worker&previous=true`);
    await expect(page.getByTestId("log-line").first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("logs-previous.png") });
  });
});
