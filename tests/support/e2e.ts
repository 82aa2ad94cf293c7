import { expect, type Page } from "@playwright/test";

export type TestAccount = { name: string; email: string; password: string; org: string };

let counter = 0;

/** A unique account per call, so tests never depend on each other's data. */
export function newAccount(label = "user"): TestAccount {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  return {
    name: `${label} ${id}`,
    email: `${label}-${id}@example.test`,
    password: `pw-${id}-correct-horse`,
    org: `${label} org ${id}`,
  };
}

/** Sign up through the real page and land in the new org's shell. */
export async function signUp(page: Page, account: TestAccount = newAccount(), { invite }: { invite?: string } = {}) {
  await page.goto(invite ? `/sign-up?invite=${encodeURIComponent(invite)}` : "/sign-up");
  await page.getByTestId("signup-name").fill(account.name);
  await page.getByTestId("signup-email").fill(account.email);
  await page.getByTestId("signup-password").fill(account.password);
  if (!invite) await page.getByTestId("signup-org").fill(account.org);
  await page.getByTestId("signup-submit").click();
  // Sign-up hashes a password (argon2id): seconds on a busy machine.
  if (!invite) await expect(page.getByTestId("app-shell")).toBeVisible({ timeout: 20_000 });
  return account;
}

export async function signIn(page: Page, account: Pick<TestAccount, "email" | "password">) {
  await page.goto("/sign-in");
  await page.getByTestId("signin-email").fill(account.email);
  await page.getByTestId("signin-password").fill(account.password);
  await page.getByTestId("signin-submit").click();
}
