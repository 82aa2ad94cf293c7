import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "./fixtures";
import { signUpOrgWithClusters } from "./org-with-clusters";
import { newAccount } from "../support/e2e";
import { applyDeployment, kubectl, kubectlInput, signedIn } from "../support/e2e-clusters";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * Operations in the browser against a real cluster (docs/operations.md): scale, roll back from a
 * revision card after its diff, reveal a Secret key and see it hide, edit a ConfigMap's YAML
 * through a dry-run diff — each then on the audit page with its before/after.
 */
test.describe("operations", () => {
  const account = newAccount("ops");
  const namespace = `ops-e2e-${randomBytes(3).toString("hex")}`;
  const canary = `canary-${randomBytes(8).toString("hex")}`;
  let clusterId: string;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    kubectl("create", "namespace", namespace);
    applyDeployment(namespace, "shopfront", { replicas: 2, image: "nginx:1.19.6" });
    kubectl("rollout", "status", "deployment/shopfront", "-n", namespace, "--timeout=90s");
    kubectl("set", "image", "deployment/shopfront", "web=nginx:1.20.2", "-n", namespace);
    kubectl("rollout", "status", "deployment/shopfront", "-n", namespace, "--timeout=90s");
    kubectl("create", "configmap", "settings", "-n", namespace, "--from-literal=mode=blue");
    kubectlInput(
      JSON.stringify({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "db", namespace },
        stringData: { password: canary },
      }),
      "apply",
      "-f",
      "-",
    );
    [clusterId] = await signUpOrgWithClusters(browser, account);
  });

  test.afterAll(() => {
    kubectl("delete", "namespace", namespace, "--wait=false");
  });

  const detail = (resource: string, name: string, tab?: string) =>
    `/clusters/${clusterId}/${resource}/${namespace}/${name}${tab ? `?tab=${tab}` : ""}`;

  async function auditShows(page: Page, object: string, action: string, change: RegExp | string) {
    await page.goto(`/audit?cluster=${clusterId}&object=${encodeURIComponent(`${namespace}/${object}`)}`);
    const row = page.locator(`[data-testid="audit-row"][data-action="${action}"]`).first();
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute("data-outcome", "success");
    await expect(row.getByTestId("audit-change")).toContainText(change);
  }

  test("scale from the detail page; the audit page shows replicas 2→3", async ({ page }) => {
    await signedIn(page, account);
    await page.goto(detail("deployments.apps", "shopfront"));
    await page.getByTestId("action-scale").click();
    const dialog = page.getByTestId("scale-dialog");
    await expect(dialog).toContainText("Now 2 replicas");
    await dialog.getByTestId("scale-replicas").fill("0");
    await expect(dialog.getByTestId("scale-submit")).toBeDisabled(); // zero needs the name typed
    await dialog.getByTestId("scale-replicas").fill("3");
    await dialog.getByTestId("scale-submit").click();
    await expect(dialog).toBeHidden();
    await expect
      .poll(() => kubectl("get", "deployment", "shopfront", "-n", namespace, "-o", "jsonpath={.spec.replicas}"))
      .toBe("3");
    await auditShows(page, "shopfront", "workload.scale", "replicas 2→3");
  });

  test("scale from the list's row selection, with a result per object", async ({ page }) => {
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/deployments.apps?ns=${namespace}`);
    await page.getByTestId(`resource-row-${namespace}/shopfront`).getByTestId("row-select").check();
    await page.getByTestId("bulk-scale").click();
    const dialog = page.getByTestId("bulk-scale-dialog");
    await dialog.getByTestId("bulk-scale-replicas").fill("2");
    await dialog.getByTestId("bulk-scale-submit").click();
    await expect(dialog.getByTestId(`bulk-scale-result-${namespace}/shopfront`)).toHaveText(
      `${namespace}/shopfront: 3 → 2`,
    );
    await expect
      .poll(() => kubectl("get", "deployment", "shopfront", "-n", namespace, "-o", "jsonpath={.spec.replicas}"))
      .toBe("2");
    await auditShows(page, "shopfront", "workload.scale", "replicas 3→2");
  });

  test("roll back from a revision card after viewing its diff", async ({ page }) => {
    test.setTimeout(120_000);
    await signedIn(page, account);
    await page.goto(detail("deployments.apps", "shopfront", "revisions"));
    const card = page.getByTestId("revision-1");
    await expect(card).toContainText("web: nginx:1.19.6");
    await expect(page.getByTestId("revision-2")).toContainText("current");
    await card.getByTestId("revision-diff").click();
    const diff = page.getByTestId("revision-diff-dialog");
    await expect(diff.getByTestId("change-image")).toContainText("nginx:1.20.2 → nginx:1.19.6");
    await expect(diff.getByTestId("yaml-diff")).toContainText("+    - image: nginx:1.19.6");
    await page.keyboard.press("Escape");
    await card.getByTestId("revision-rollback").click();
    const rollback = page.getByTestId("rollback-dialog");
    await expect(rollback.getByTestId("rollback-preview")).toContainText("nginx:1.20.2 → nginx:1.19.6");
    await rollback.getByTestId("rollback-confirm").click();
    await expect(rollback).toBeHidden();
    await expect
      .poll(() =>
        kubectl(
          "get",
          "deployment",
          "shopfront",
          "-n",
          namespace,
          "-o",
          "jsonpath={.spec.template.spec.containers[0].image}",
        ),
      )
      .toBe("nginx:1.19.6");
    // The card list follows the live object: revision 1 returns as revision 3, current.
    await expect(page.getByTestId("revision-3")).toContainText("current", { timeout: LIVE_CHANGE_TIMEOUT });
    await auditShows(page, "shopfront", "workload.rollback", "revision 2→1");
  });

  test("reveal a Secret key, see it hide again after 30 s, and the audit row names the key", async ({ page }) => {
    test.setTimeout(120_000);
    await signedIn(page, account);
    await page.goto(detail("secrets", "db", "keys"));
    const key = page.getByTestId("secret-key-password");
    await expect(key).toContainText(`${canary.length} bytes`);
    await expect(page.getByTestId("secret-value")).toHaveCount(0);
    await key.getByTestId("secret-reveal").click();
    await expect(key.getByTestId("secret-value")).toHaveText(canary);
    await expect(key.getByTestId("secret-value")).toBeHidden({ timeout: 40_000 });
    await page.goto(`/audit?cluster=${clusterId}&object=${encodeURIComponent(`${namespace}/db`)}`);
    const row = page.locator('[data-testid="audit-row"][data-action="secret.reveal"]').first();
    await expect(row).toContainText(`secret ${namespace}/db key password revealed`);
    await expect(page.locator("body")).not.toContainText(canary);
  });

  test("edit a ConfigMap's YAML: the dry-run diff first, then apply", async ({ page }) => {
    await signedIn(page, account);
    await page.goto(detail("configmaps", "settings", "edit"));
    await page.getByTestId("yaml-edit-start").click();
    const editor = page.locator(".cm-content");
    await expect(editor).toContainText("mode: blue");
    const text = await editor.innerText();
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.insertText(text.replace("mode: blue", "mode: green"));
    await page.getByTestId("yaml-dry-run").click();
    await expect(page.getByTestId("yaml-dry-run-diff")).toContainText("+  mode: green");
    expect(kubectl("get", "configmap", "settings", "-n", namespace, "-o", "jsonpath={.data.mode}")).toBe("blue");
    await page.getByTestId("yaml-apply").click();
    await expect
      .poll(() => kubectl("get", "configmap", "settings", "-n", namespace, "-o", "jsonpath={.data.mode}"))
      .toBe("green");
    await auditShows(page, "settings", "resource.update", /resourceVersion \d+→\d+/);
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
      await page.evaluate((theme) => document.documentElement.setAttribute("data-theme", theme), scheme);
      await page.goto(detail("deployments.apps", "shopfront", "revisions"));
      await page.evaluate((theme) => document.documentElement.setAttribute("data-theme", theme), scheme);
      const diffButton = page.getByTestId("revision-diff").first();
      await expect(diffButton).toBeVisible({ timeout: LIVE_CHANGE_TIMEOUT });
      await page.screenshot({ path: testInfo.outputPath(`revisions-${width}-${scheme}.png`), fullPage: true });
      await diffButton.click();
      await expect(page.getByTestId("revision-diff-dialog").getByTestId("yaml-diff")).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`revision-diff-${width}-${scheme}.png`) });
      await page.keyboard.press("Escape");
      await page.getByTestId("action-scale").click();
      await expect(page.getByTestId("scale-dialog")).toContainText("replicas");
      await page.screenshot({ path: testInfo.outputPath(`scale-${width}-${scheme}.png`) });
      await page.keyboard.press("Escape");
      await page.goto(detail("configmaps", "settings", "edit"));
      await page.evaluate((theme) => document.documentElement.setAttribute("data-theme", theme), scheme);
      await page.getByTestId("yaml-edit-start").click();
      await expect(page.locator(".cm-content")).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`yaml-edit-${width}-${scheme}.png`) });
    }
  });
});
