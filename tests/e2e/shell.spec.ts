import { expect, type Locator, test } from "./fixtures";
import { signUp } from "../support/e2e";

test.describe("signed out", () => {
  test("sends visitors to sign in", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByLabel("Email")).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible();
  });

  test("answers health and readiness, with security headers", async ({ request, baseURL }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const ready = await request.get("/api/ready");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: "ok", migrations: "ok" } });
    const page = await request.get("/sign-in");
    const policy = page.headers()["content-security-policy"] ?? "";
    expect(policy).toContain("frame-ancestors 'none'");
    // Scripts run only with this response's nonce: no 'unsafe-inline' for scripts, a new nonce each time.
    const scripts = /script-src ([^;]*)/.exec(policy)?.[1] ?? "";
    expect(scripts).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scripts).not.toContain("'unsafe-inline'");
    // Connections (fetch, the socket) only to this app's own origin, not to any ws: host.
    expect(/connect-src ([^;]*)/.exec(policy)?.[1]).toBe(`'self' ws://${new URL(baseURL!).host}`);
    const again = await request.get("/sign-in");
    expect(again.headers()["content-security-policy"]).not.toBe(policy);
    expect(page.headers()["x-content-type-options"]).toBe("nosniff");
    const api = await request.get("/api/health");
    expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

test.describe("the app shell", () => {
  test.beforeEach(async ({ page }) => {
    await signUp(page);
  });

  test("renders navigation, top bar and the overview", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // A CSP violation (a script without the nonce) shows up as a console error.
    page.on("console", (message) => message.text().includes("Content Security Policy") && errors.push(message.text()));
    await page.goto("/");
    await expect(page.getByTestId("app-shell")).toBeVisible();
    await expect(page.getByTestId("topbar")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    const sidebar = page.getByTestId("sidebar");
    await sidebar.getByRole("link", { name: "Clusters" }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    expect(errors).toEqual([]);
  });

  test("switches between dark and light themes and remembers the choice", async ({ page }) => {
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
});

async function themeOf(html: Locator) {
  return html.getAttribute("data-theme");
}
