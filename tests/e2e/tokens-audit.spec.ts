import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { signUp } from "../support/e2e";
import { connectToE2eDatabase, createMember, createOrg } from "../support/e2e-db";

test.describe("API tokens and the audit log", () => {
  test("create a token (shown once), use it, see it audited, export the log, revoke it", async ({ page, request }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const account = await signUp(page);

    await page.goto("/settings/tokens");
    await expect(page.getByTestId("tokens-empty-state")).toBeVisible();
    await page.getByTestId("token-name").fill("e2e-ci");
    await page.getByTestId("token-expiry").selectOption("90");
    await page.getByTestId("token-create").click();
    const value = page.getByTestId("token-value");
    await expect(value).toHaveValue(/^ph_[A-Za-z0-9_-]{40,}$/);
    const token = await value.inputValue();
    await expect(page.getByText("you won’t see it again")).toBeVisible();
    const row = page.getByTestId("token-row-e2e-ci");
    await expect(row).toBeVisible();
    await expect(row).toContainText(token.slice(0, 9));
    await expect(row).not.toContainText(token);

    // Shown once: a reload shows the row but never the token again.
    await page.reload();
    await expect(page.getByTestId("token-row-e2e-ci")).toBeVisible();
    await expect(page.getByTestId("token-value")).toHaveCount(0);
    expect(await page.content()).not.toContain(token);

    // The token works for the REST API, as its owner.
    const listed = await request.get("/api/v1/tokens", { headers: { Authorization: `Bearer ${token}` } });
    expect(listed.status()).toBe(200);
    expect(((await listed.json()) as { tokens: { name: string }[] }).tokens.map((t) => t.name)).toEqual(["e2e-ci"]);

    await page.goto("/audit");
    const created = page.locator('[data-testid="audit-row"][data-action="token.create"]');
    await expect(created).toHaveCount(1);
    await expect(created).toContainText(account.email);
    await expect(created).toContainText("e2e-ci");
    await expect(created).toContainText(/expires \d{4}-\d{2}-\d{2}/);
    await expect(created.getByTestId("audit-outcome")).toHaveText("success");

    // Filters live in the URL.
    await page.getByTestId("audit-filter-action").fill("token.");
    await page.getByTestId("audit-filter-apply").click();
    await expect(page).toHaveURL(/action=token\./);
    await expect(page.getByTestId("audit-row")).toHaveCount(1);

    const downloadPromise = page.waitForEvent("download");
    await page.getByTestId("audit-export-csv").click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^pilothouse-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toContain("action");
    expect(csv).toContain("token.create");
    expect(csv).toContain("e2e-ci");
    expect(csv).not.toContain(token);

    await page.goto("/settings/tokens");
    await page.getByTestId("token-revoke-e2e-ci").click();
    const dialog = page.getByTestId("token-revoke-dialog");
    await expect(dialog).toContainText("e2e-ci");
    await dialog.getByTestId("token-revoke-confirm").click();
    await expect(page.getByTestId("toast").filter({ hasText: "revoked" })).toBeVisible();
    await expect(page.getByTestId("token-row-e2e-ci")).toHaveCount(0);

    const refused = await request.get("/api/v1/tokens", { headers: { Authorization: `Bearer ${token}` } });
    expect(refused.status()).toBe(401);

    await page.goto("/audit?action=token.revoke");
    await expect(page.getByTestId("audit-row")).toHaveCount(1);
    await expect(page.getByTestId("audit-row")).toContainText("e2e-ci");
    expect(errors).toEqual([]);
  });

  test("an admin sees every member's tokens and revokes one; the member's token stops working", async ({
    page,
    request,
  }) => {
    const db = connectToE2eDatabase();
    try {
      await signUp(page);
      const me = (await (await page.request.get("/api/v1/me")).json()) as { org: { id: string } };
      const member = await createMember(db, me.org.id, "editor");
      await page.goto("/settings/tokens");
      const list = page.getByTestId("org-token-list");
      await expect(list).toContainText(member.user.email);
      const tokenName = (await db.apiToken.findUniqueOrThrow({ where: { id: member.tokenId } })).name;
      await page.getByTestId(`org-token-revoke-${tokenName}`).click();
      const dialog = page.getByTestId("org-token-revoke-dialog");
      await expect(dialog).toContainText(member.user.email);
      await dialog.getByTestId("org-token-revoke-confirm").click();
      await expect(page.getByTestId("toast").filter({ hasText: "revoked" })).toBeVisible();
      await expect(page.getByTestId(`org-token-row-${tokenName}`)).toHaveCount(0);
      const refused = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${member.apiToken}` } });
      expect(refused.status()).toBe(401);
    } finally {
      await db.$disconnect();
    }
  });

  test("the tokens page and the audit page fit a 360 px screen", async ({ page }) => {
    await signUp(page);
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ["/settings/tokens", "/audit"]) {
      await page.goto(path);
      await expect(page.getByTestId("page-title")).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  test("viewers and editors see why the audit log is closed to them, and the API agrees", async ({
    page,
    request,
    baseURL,
  }) => {
    const db = connectToE2eDatabase();
    try {
      const org = await createOrg(db, "Audit gate");
      for (const role of ["viewer", "editor"] as const) {
        const member = await createMember(db, org.id, role);
        await page.context().clearCookies();
        await page.context().addCookies([{ name: "authjs.session-token", value: member.sessionToken, url: baseURL! }]);
        await page.goto("/audit");
        const forbidden = page.getByTestId("audit-forbidden");
        await expect(forbidden).toContainText("Requires the owner or admin role");
        await expect(forbidden).toContainText(role);
        await expect(page.getByTestId("audit-table")).toHaveCount(0);
        await expect(page.getByTestId("audit-export-csv")).toHaveCount(0);
        const refused = await request.get("/api/v1/audit?format=csv", {
          headers: { Authorization: `Bearer ${member.apiToken}` },
        });
        expect(refused.status()).toBe(403);
      }
    } finally {
      await db.$disconnect();
    }
  });
});
