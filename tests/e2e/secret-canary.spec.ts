import { randomBytes } from "node:crypto";
import { newAccount } from "../support/e2e";
import { kubeconfigPath, signUpWithCluster } from "../support/e2e-clusters";
import { applyCanarySecret, CANARY_SECRET, canaryDir } from "../support/secret-canary";
import { expect, test } from "./fixtures";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * The browser's one allowed sighting of the suite-wide Secret canary (docs/security.md §7): the
 * kubectl-applied Secret shop/pilothouse-canary is shown in the live Secrets list, its YAML and its
 * keys — none of which may carry its value — and one key is revealed with the Reveal button. The
 * fixtures record every response and websocket frame; after the whole suite
 * scripts/secret-canary.ts checks that the reveal answer was the only place the value appeared.
 */
test("the canary Secret is listed, shown as YAML and revealed only on request", async ({ page }) => {
  // Signing up and adding a cluster take a while on a busy two-core machine.
  test.setTimeout(180_000);
  const { namespace, name, key } = CANARY_SECRET;
  // Run alone (not under `npm test`), the spec plants a throwaway canary itself.
  if (!canaryDir()) applyCanarySecret(kubeconfigPath(), `throwaway-${randomBytes(8).toString("hex")}`);
  const clusterId = await signUpWithCluster(page, newAccount("canary"));

  await page.goto(`/clusters/${clusterId}/secrets`);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  await page.getByTestId("resource-filter").fill(name);
  await expect(page.getByTestId(`resource-row-${namespace}/${name}`)).toBeVisible({ timeout: LIVE_CHANGE_TIMEOUT });

  const detail = `/clusters/${clusterId}/secrets/${namespace}/${name}`;
  await page.goto(`${detail}?tab=yaml`);
  await expect(page.getByTestId("object-yaml")).toContainText(`name: ${name}`, { timeout: 40_000 });

  await page.goto(`${detail}?tab=keys`);
  const row = page.getByTestId(`secret-key-${key}`);
  await expect(row).toContainText("bytes", { timeout: 40_000 });
  await row.getByTestId("secret-reveal").click();
  // The value is on screen now. Its shape is checked as a boolean, so a failure never prints it.
  const shown = row.getByTestId("secret-value");
  await expect(shown).toBeVisible({ timeout: 40_000 });
  expect(/^(phcanary[0-9a-f]{48}|throwaway-[0-9a-f]{16})$/.test((await shown.innerText()).trim())).toBe(true);
});
