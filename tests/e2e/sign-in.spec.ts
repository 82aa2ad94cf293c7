import { expect, test } from "./fixtures";
import { newAccount, signIn, signUp } from "../support/e2e";
import { connectToE2eDatabase, createMember, createOrg, queryE2eDatabase } from "../support/e2e-db";

/** The account's sign-in attempts as the audit log has them, oldest first. */
function signInAudit(email: string) {
  return queryE2eDatabase<{ outcome: string; detail: string | null }>(
    `SELECT o.outcome, o.detail FROM audit_events e JOIN audit_event_outcomes o ON o.event_id = e.id
     WHERE e.action = 'session.sign_in' AND e.actor_email = $1 ORDER BY e.id`,
    [email],
  );
}

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
    // Every attempt is in the audit log with its outcome (the first is the sign-up's own sign-in).
    expect(await signInAudit(account.email)).toEqual([
      { outcome: "success", detail: null },
      { outcome: "failure", detail: "UNAUTHENTICATED: wrong password" },
      { outcome: "success", detail: null },
    ]);
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

  test("once an account's wait has grown, even the right password waits, and the form says for how long", async ({
    browser,
  }) => {
    const founder = await browser.newContext();
    const account = await signUp(await founder.newPage());
    await founder.close();
    const page = await browser.newPage();
    await signIn(page, { email: account.email, password: "guess-wrong" });
    await expect(page.getByTestId("form-error")).toHaveText("The email or password is incorrect.");
    // Thirteen failures from this address make the wait 256 s (set directly, as the growth itself is
    // covered by tests/integration/sign-in.test.ts: the test must not race the clock).
    await queryE2eDatabase(
      `UPDATE rate_limits SET count = 13, window_start = now() WHERE key LIKE 'sign-in:account:' || $1 || ':%'`,
      [account.email],
    );
    await signIn(page, account);
    await expect(page.getByTestId("form-error")).toHaveText(
      /^Too many failed sign-ins for this account from your address\. Try again in [45] minutes\.$/,
    );
    expect((await signInAudit(account.email)).map((row) => row.outcome)).toEqual(["success", "failure", "denied"]);
  });
});

test.describe("redirects after sign-in stay on this app", () => {
  const db = connectToE2eDatabase();
  test.afterAll(async () => db.$disconnect());

  for (const hostile of [
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
  ]) {
    test(`callbackUrl=${JSON.stringify(hostile)} sends a signed-in user home, not off-site`, async ({
      request,
      baseURL,
    }) => {
      const member = await createMember(db, (await createOrg(db, "Redirects")).id, "viewer");
      const response = await request.get(`/sign-in?callbackUrl=${encodeURIComponent(hostile)}`, {
        headers: { Cookie: `authjs.session-token=${member.sessionToken}` },
        maxRedirects: 0,
      });
      expect(response.status()).toBe(307);
      // Parsed the way a browser parses Location: tabs dropped, backslashes read as slashes.
      const target = new URL(response.headers().location!, baseURL);
      expect(target.origin).toBe(new URL(baseURL!).origin);
      expect(target.pathname).toBe("/");
    });
  }
});
