import { expect, test } from "@playwright/test";
import { newAccount, signIn, signUp } from "../support/e2e";

test.describe("password sign-in", () => {
  test("signs in with the right password, refuses a wrong one, and keeps the session cookie private", async ({
    browser,
  }) => {
    const founder = await browser.newContext();
    const account = await signUp(await founder.newPage());
    await founder.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, { email: account.email, password: "not the password" });
    await expect(page.getByTestId("form-error")).toHaveText("The email or password is incorrect.");
    await expect(page.getByTestId("signin-email")).toHaveValue(account.email);

    await signIn(page, account);
    await expect(page.getByTestId("app-shell")).toBeVisible();
    const session = (await context.cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    await context.close();
  });

  test("names the field when sign-up input is bad", async ({ page }) => {
    await page.goto("/sign-up");
    const account = newAccount("short");
    await page.getByTestId("signup-name").fill(account.name);
    await page.getByTestId("signup-email").fill(account.email);
    await page.getByTestId("signup-password").evaluate((input: HTMLInputElement) => input.removeAttribute("minlength"));
    await page.getByTestId("signup-password").fill("short");
    await page.getByTestId("signup-org").fill(account.org);
    await page.getByTestId("signup-submit").click();
    await expect(page.getByText(/Password: must be at least 10 characters/)).toBeVisible();
  });

  test("locks an account after 10 failed attempts, even against the right password", async ({ browser }) => {
    test.setTimeout(90_000); // eleven argon2 verifications: slow on purpose, slower on a busy machine
    const founder = await browser.newContext();
    const account = await signUp(await founder.newPage());
    await founder.close();
    const page = await browser.newPage();
    for (let attempt = 0; attempt < 10; attempt++) {
      await signIn(page, { email: account.email, password: `guess-${attempt}-wrong` });
      await expect(page.getByTestId("form-error")).toHaveText("The email or password is incorrect.");
    }
    await signIn(page, account);
    await expect(page.getByTestId("form-error")).toContainText("Too many sign-in attempts");
  });
});
