import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "./fixtures";
import { signUpOrgWithClusters } from "./org-with-clusters";
import { newAccount } from "../support/e2e";
import { selfSignedCertificate } from "../support/tls-fixtures";
import { applyDeployment, forEachScreen, kubectl, signedIn } from "../support/e2e-clusters";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * Creating from the browser against a real cluster (docs/operations.md, "Create" and "Palette
 * actions"): a ConfigMap from YAML in a namespace picked in the dialog, a TLS Secret whose
 * certificate is shown before it is saved, and a Deployment scaled from the command palette —
 * each then on the audit page.
 */
test.describe("create and palette actions", () => {
  const account = newAccount("create");
  const namespace = `create-e2e-${randomBytes(3).toString("hex")}`;
  const other = `${namespace}-b`;
  let clusterId: string;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    kubectl("create", "namespace", namespace);
    kubectl("create", "namespace", other);
    applyDeployment(namespace, "palette-web", { replicas: 1, image: "nginx:1.20.2" });
    [clusterId] = await signUpOrgWithClusters(browser, account);
  });

  test.afterAll(() => {
    kubectl("delete", "namespace", namespace, other, "--wait=false");
  });

  async function auditShows(page: Page, ns: string, object: string, action: string, change: RegExp | string) {
    await page.goto(`/audit?cluster=${clusterId}&object=${encodeURIComponent(`${ns}/${object}`)}`);
    const row = page.locator(`[data-testid="audit-row"][data-action="${action}"]`).first();
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute("data-outcome", "success");
    await expect(row.getByTestId("audit-change")).toContainText(change);
  }

  /** Replace the editor's text in one edit, and wait until the dialog holds it. */
  async function replaceYaml(page: Page, text: string) {
    const editor = page.locator(".cm-content");
    await editor.click();
    await page.keyboard.press("Control+a");
    await page.keyboard.insertText(text);
    await expect(editor).toContainText(
      text
        .split("\n")
        .find((line) => line.includes("name:"))!
        .trim(),
    );
  }

  test("create a ConfigMap from YAML in a namespace picked in the dialog, after its dry run", async ({ page }) => {
    test.setTimeout(120_000); // the first dialog loads the editor's chunk on a cold server
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/configmaps`);
    await page.getByTestId("create-open").click();
    const dialog = page.getByTestId("create-dialog");
    await expect(dialog.locator(".cm-content")).toContainText("kind: ConfigMap", { timeout: 45_000 });
    await replaceYaml(page, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made-here\ndata:\n  colour: teal\n");
    await dialog.getByTestId("create-namespace").selectOption(other);
    // The picker writes its namespace into the YAML; typing another one there is an error naming the field.
    await expect(dialog.locator(".cm-content")).toContainText(`namespace: ${other}`);
    await dialog.getByTestId("create-namespace").selectOption(namespace);
    await expect(dialog.locator(".cm-content")).toContainText(`namespace: ${namespace}`);
    await expect(dialog.getByTestId("create-submit")).toBeDisabled(); // the dry run comes first
    await dialog.getByTestId("create-dry-run").click();
    await expect(dialog.getByTestId("create-preview")).toContainText("colour: teal");
    await expect(dialog.getByTestId("create-preview")).toContainText(`namespace: ${namespace}`);
    await dialog.getByTestId("create-submit").click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}/configmaps/${namespace}/made-here$`));
    expect(kubectl("get", "configmap", "made-here", "-n", namespace, "-o", "jsonpath={.data.colour}")).toBe("teal");
    await page.goto(`/clusters/${clusterId}/configmaps?ns=${namespace}`);
    await expect(page.getByTestId(`resource-row-${namespace}/made-here`)).toBeVisible();
    await auditShows(page, namespace, "made-here", "resource.create", "created");
  });

  test("a list filtered to one namespace the identity may create in opens Create on that namespace", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signedIn(page, account);
    // `other` sorts after `namespace` (and other namespaces): not where the dialog would start unasked.
    await page.goto(`/clusters/${clusterId}/configmaps?ns=${other}`);
    await openCreate(page);
    await expect(page.getByTestId("create-dialog").getByTestId("create-namespace")).toHaveValue(other);
    await page.keyboard.press("Escape");
    await page.goto(`/clusters/${clusterId}/secrets?ns=${other}`);
    await openCreate(page);
    await expect(page.getByTestId("new-secret-dialog").getByTestId("create-namespace")).toHaveValue(other);
  });

  test("a mismatched namespace in the YAML is named before anything is sent", async ({ page }) => {
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/configmaps`);
    await page.getByTestId("create-open").click();
    const dialog = page.getByTestId("create-dialog");
    await dialog.getByTestId("create-namespace").selectOption(namespace);
    await replaceYaml(page, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nope\n  namespace: ${other}\n`);
    await expect(dialog.getByTestId("create-error")).toHaveText(
      `metadata.namespace: the YAML says ${other} but the namespace picked is ${namespace}`,
    );
    await expect(dialog.getByTestId("create-dry-run")).toBeDisabled();
  });

  test("create a TLS Secret: the certificate's subject and expiry are shown before it is saved", async ({ page }) => {
    const { cert, key } = selfSignedCertificate("/CN=shop.e2e.test/O=Pilothouse", 90);
    await signedIn(page, account);
    await page.goto(`/clusters/${clusterId}/secrets`);
    await page.getByTestId("create-open").click();
    const dialog = page.getByTestId("new-secret-dialog");
    await dialog.getByTestId("new-secret-name").fill("shop-tls");
    await dialog.getByTestId("create-namespace").selectOption(namespace);
    await dialog.getByTestId("new-secret-type").selectOption("kubernetes.io/tls");
    await dialog.getByTestId("secret-field-tls.crt").fill(cert);
    await dialog.getByTestId("secret-field-tls.key").fill(key);
    await expect(dialog.getByTestId("new-secret-create")).toBeDisabled();
    await dialog.getByTestId("new-secret-preview").click();
    const summary = dialog.getByTestId("new-secret-summary");
    await expect(summary).toContainText("tls.crt, tls.key");
    await expect(summary.getByTestId("certificate-subject")).toContainText("CN=shop.e2e.test");
    const expiry = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const dayBefore = new Date(Date.now() + 89 * 86_400_000).toISOString().slice(0, 10);
    await expect(summary.getByTestId("certificate-expiry")).toHaveText(new RegExp(`${expiry}|${dayBefore}`));
    expect(() => kubectl("get", "secret", "shop-tls", "-n", namespace)).toThrow();
    await dialog.getByTestId("new-secret-create").click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}/secrets/${namespace}/shop-tls$`));
    expect(kubectl("get", "secret", "shop-tls", "-n", namespace, "-o", "jsonpath={.type}")).toBe("kubernetes.io/tls");
    await auditShows(page, namespace, "shop-tls", "secret.write", "created; keys added tls.crt, tls.key");
  });

  test("scale a Deployment from the palette: “scale palette-web”, then the same scale dialog", async ({ page }) => {
    await signedIn(page, account);
    await page.goto("/");
    await page.keyboard.press("Control+k");
    await page.getByTestId("command-input").fill("scale palette-web");
    const hit = page.getByTestId(`command-item-object-${namespace}-palette-web`);
    await expect(hit).toBeVisible({ timeout: LIVE_CHANGE_TIMEOUT });
    await hit.click();
    const scale = page.getByTestId("command-action-scale");
    await expect(scale).toBeVisible();
    await expect(page.getByTestId("command-action-restart")).toBeVisible();
    await expect(page.getByTestId("command-action-pause")).toBeVisible();
    await expect(scale).not.toHaveAttribute("data-disabled", "true");
    // Keyboard only: once access is known, "scale …" highlights Scale, so Enter opens its dialog.
    await expect(scale).toHaveAttribute("data-selected", "true");
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("scale-dialog");
    await expect(dialog).toContainText("Now 1 replica");
    await dialog.getByTestId("scale-replicas").fill("0");
    await expect(dialog.getByTestId("scale-submit")).toBeDisabled(); // zero needs the name typed
    await dialog.getByTestId("scale-replicas").fill("3");
    await dialog.getByTestId("scale-submit").click();
    await expect(dialog).toBeHidden();
    await expect
      .poll(() => kubectl("get", "deployment", "palette-web", "-n", namespace, "-o", "jsonpath={.status.replicas}"), {
        timeout: 60_000,
      })
      .toBe("3");
    await auditShows(page, namespace, "palette-web", "workload.scale", "replicas 1→3");
  });

  test("the create dialogs at 1440 and 360 px, dark and light", async ({ page }, testInfo) => {
    test.setTimeout(300_000);
    await signedIn(page, account);
    await forEachScreen(page, async (name) => {
      const scheme = name.endsWith("dark") ? "dark" : "light";
      await page.goto(`/clusters/${clusterId}/deployments.apps?ns=${namespace}`);
      await page.evaluate((theme) => document.documentElement.setAttribute("data-theme", theme), scheme);
      await openCreate(page);
      const dialog = page.getByTestId("create-dialog");
      await dialog.getByTestId("create-namespace").selectOption(namespace);
      await dialog.getByTestId("create-dry-run").click();
      await expect(dialog.getByTestId("create-preview")).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`create-yaml-${name}.png`) });
      await page.keyboard.press("Escape");
      await page.goto(`/clusters/${clusterId}/secrets?ns=${namespace}`);
      await page.evaluate((theme) => document.documentElement.setAttribute("data-theme", theme), scheme);
      await openCreate(page);
      await page.getByTestId("new-secret-type").selectOption("kubernetes.io/tls");
      await page.screenshot({ path: testInfo.outputPath(`new-secret-${name}.png`) });
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+k");
      await page.getByTestId("command-input").fill("scale palette-web");
      await page.getByTestId(`command-item-object-${namespace}-palette-web`).click();
      await expect(page.getByTestId("command-action-scale")).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`palette-actions-${name}.png`) });
      await page.keyboard.press("Escape");
    });
  });
});

/** The list's Create button: inline on a desktop, behind the toolbar's "More" on a phone. */
async function openCreate(page: Page) {
  await expect(page.getByTestId("resource-filter")).toBeVisible();
  const more = page.getByTestId("toolbar-more");
  if (await more.isVisible()) await more.click();
  await page.getByTestId("create-open").click();
}
