import { expect, test } from "@playwright/test";

test.describe("the app shell", () => {
  test("renders the shell with navigation, top bar and the overview", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto("/");
    await expect(page.getByTestId("app-shell")).toBeVisible();
    await expect(page.getByTestId("topbar")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    const sidebar = page.getByTestId("sidebar");
    await expect(sidebar.getByRole("link", { name: "Clusters" })).toBeVisible();
    await sidebar.getByRole("link", { name: "Clusters" }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    expect(errors).toEqual([]);
  });

  test("switches between dark and light themes and remembers the choice", async ({ page }) => {
    await page.goto("/");
    const html = page.locator("html");
    const before = await themeOf(html);
    await page.getByTestId("theme-toggle").click();
    const after = await themeOf(html);
    expect(after).not.toBe(before);
    await page.reload();
    expect(await themeOf(html)).toBe(after);
  });

  test("is readable at 360 px wide", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("shows the sign-in page", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByLabel("Email")).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible();
  });

  test("answers health and readiness, with security headers", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const ready = await request.get("/api/ready");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: "ok", migrations: "ok" } });
    const page = await request.get("/");
    expect(page.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  });
});

async function themeOf(html: import("@playwright/test").Locator) {
  return (
    (await html.getAttribute("data-theme")) ?? ((await html.getAttribute("class"))?.includes("dark") ? "dark" : "light")
  );
}
