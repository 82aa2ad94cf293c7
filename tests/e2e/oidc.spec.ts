import { createHash } from "node:crypto";
import { type APIRequestContext, expect, type Page, request as playwrightRequest, test } from "./fixtures";
import { newAccount, signIn, signUp } from "../support/e2e";
import { queryE2eDatabase } from "../support/e2e-db";
import { TEST_IDP_NAME } from "../support/e2e-oidc";
import { NO_CLAIM_LOGIN_PREFIX, TEST_IDP_EMAIL_DOMAIN, UNVERIFIED_LOGIN_PREFIX } from "../support/oidc-provider";

const SESSION_COOKIE = "authjs.session-token";

let counter = 0;
/** A login name no other test uses: the IdP turns it into the identity's `sub` and email. */
function newLogin(label: string) {
  return `${label}-${Date.now().toString(36)}${(counter++).toString(36)}`;
}

test.describe("sign-in through an OpenID Connect provider", () => {
  test("a new person signs in through the IdP, has no org yet, and creates one", async ({ page }) => {
    const login = newLogin("alice");
    await signInThroughIdp(page, login);

    await expect(page).toHaveURL(/\/orgs$/);
    const noOrgPage = page.getByTestId("no-org-page");
    await expect(noOrgPage).toBeVisible();
    await expect(noOrgPage).toContainText(`${login}@${TEST_IDP_EMAIL_DOMAIN}`);
    // Signed in (not 401), but working in no organization.
    const withoutOrg = await page.request.get("/api/v1/me");
    expect(withoutOrg.status()).toBe(403);
    expect((await withoutOrg.json()).error.code).toBe("FORBIDDEN");

    await page.getByTestId("create-org-name").fill(`${login} team`);
    await page.getByTestId("create-org-submit").click();
    await expect(page.getByTestId("app-shell")).toBeVisible();
    const me = await page.request.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { email: `${login}@${TEST_IDP_EMAIL_DOMAIN}`, name: `IdP user ${login}` },
      org: { name: `${login} team` },
      role: "owner",
    });
  });

  test("signing in again with the same IdP identity is the same user", async ({ page }) => {
    const login = newLogin("bob");
    await signInThroughIdp(page, login);
    await page.getByTestId("create-org-name").fill(`${login} team`);
    await page.getByTestId("create-org-submit").click();
    await expect(page.getByTestId("app-shell")).toBeVisible();
    const first = await (await page.request.get("/api/v1/me")).json();

    await page.getByTestId("user-menu-button").click();
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/sign-in/);
    // Forget the IdP's own session too, so the second sign-in goes through its login form again.
    await page.context().clearCookies();

    await signInThroughIdp(page, login);
    // The same user: already in their org, so straight into the app.
    await expect(page.getByTestId("app-shell")).toBeVisible();
    const second = await (await page.request.get("/api/v1/me")).json();
    expect(second.user.id).toBe(first.user.id);
    expect(second.org.id).toBe(first.org.id);

    const accounts = await queryE2eDatabase(
      `SELECT user_id FROM accounts WHERE provider = 'oidc' AND provider_account_id = $1`,
      [login],
    );
    expect(accounts).toEqual([{ user_id: first.user.id }]);
  });

  test("the session an IdP sign-in creates is a database row, and signing out ends it", async ({ page }) => {
    const login = newLogin("carol");
    await signInThroughIdp(page, login);
    await expect(page.getByTestId("no-org-page")).toBeVisible();

    const token = await requireSessionCookie(page);
    const rows = await queryE2eDatabase<{ email: string }>(
      `SELECT u.email FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.session_token = $1`,
      [sha256(token)],
    );
    expect(rows).toEqual([{ email: `${login}@${TEST_IDP_EMAIL_DOMAIN}` }]);

    await page.getByTestId("no-org-sign-out").click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await queryE2eDatabase(`SELECT 1 FROM sessions WHERE session_token = $1`, [sha256(token)])).toHaveLength(0);
    // Replaying the old cookie gets nowhere.
    const replay = await requestWithSessionCookie(token);
    const me = await replay.get("/api/v1/me");
    expect(me.status()).toBe(401);
    expect((await me.json()).error.code).toBe("UNAUTHENTICATED");
    await replay.dispose();
  });

  test("an IdP identity with a password user's email is not linked to that user", async ({ page }) => {
    const owner = await signUp(page, newAccount("owner"));
    await page.context().clearCookies();

    // The same address as the IdP reports it, and in other letter case (Auth.js lowercases it).
    for (const login of [owner.email, owner.email.toUpperCase()]) {
      await signInThroughIdp(page, login);
      await expect(page).toHaveURL(/\/sign-in\?error=OAuthAccountNotLinked/);
      await expect(signInProblem(page, "An account with this email already exists")).toBeVisible();
      expect(await findSessionCookie(page)).toBeUndefined();
      await page.context().clearCookies();
    }
    expect(
      await queryE2eDatabase(`SELECT a.id FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = $1`, [
        owner.email,
      ]),
    ).toHaveLength(0);

    // The password account is untouched and still theirs.
    await signIn(page, owner);
    await expect(page.getByTestId("app-shell")).toBeVisible();
    const me = await (await page.request.get("/api/v1/me")).json();
    expect(me.user).toMatchObject({ email: owner.email, name: owner.name });
  });

  for (const [label, prefix] of [
    ["marks unverified", UNVERIFIED_LOGIN_PREFIX],
    ["does not say is verified (no email_verified claim)", NO_CLAIM_LOGIN_PREFIX],
  ]) {
    test(`an IdP identity whose email the IdP ${label} is refused, and the refusal is audited`, async ({ page }) => {
      const login = newLogin(`${prefix}dave`);
      const email = `${login}@${TEST_IDP_EMAIL_DOMAIN}`;
      await signInThroughIdp(page, login);
      await expect(page).toHaveURL(/\/sign-in\?error=AccessDenied/);
      await expect(signInProblem(page, "did not confirm this email address")).toBeVisible();
      expect(await queryE2eDatabase(`SELECT id FROM users WHERE email = $1`, [email])).toHaveLength(0);
      expect(await auditOf(email)).toEqual([
        {
          action: "session.sign_in",
          outcome: "denied",
          detail: "FORBIDDEN: the identity provider has not verified this email address (email_verified is not true)",
        },
      ]);
    });
  }

  test("a first sign-in's user creation and the sign-in itself are audited", async ({ page }) => {
    const login = newLogin("erin");
    await signInThroughIdp(page, login);
    await expect(page.getByTestId("no-org-page")).toBeVisible();
    expect(await auditOf(`${login}@${TEST_IDP_EMAIL_DOMAIN}`)).toEqual([
      { action: "session.sign_in", outcome: "success", detail: null },
      { action: "user.create", outcome: "success", detail: null },
    ]);
  });
});

/** The audit rows about an account, oldest first (single sign-on rows belong to no org yet). */
function auditOf(email: string) {
  return queryE2eDatabase<{ action: string; outcome: string; detail: string | null }>(
    `SELECT e.action, o.outcome, o.detail FROM audit_events e JOIN audit_event_outcomes o ON o.event_id = e.id
     WHERE e.actor_email = $1 ORDER BY e.id`,
    [email],
  );
}

/**
 * The whole round trip: Pilothouse's button, the IdP's development login form (any login name,
 * any password), its consent screen, and back to Pilothouse's callback.
 */
async function signInThroughIdp(page: Page, login: string) {
  await page.goto("/sign-in");
  const button = page.getByTestId("signin-oidc");
  await expect(button).toHaveText(`Continue with ${TEST_IDP_NAME}`);
  await button.click();

  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password works here");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL((url) => url.hostname === new URL(test.info().project.use.baseURL!).hostname);
}

async function findSessionCookie(page: Page): Promise<string | undefined> {
  const cookies = await page.context().cookies();
  return cookies.find((cookie) => cookie.name === SESSION_COOKIE)?.value;
}

async function requireSessionCookie(page: Page): Promise<string> {
  const token = await findSessionCookie(page);
  if (!token) throw new Error(`no ${SESSION_COOKIE} cookie after signing in`);
  return token;
}

/** A client outside the browser that presents only the given session cookie. */
function requestWithSessionCookie(token: string): Promise<APIRequestContext> {
  const baseURL = test.info().project.use.baseURL!;
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${token}` } });
}

function sha256(value: string) {
  return createHash("sha256").update(value).digest("hex");
}

/** The sign-in page's error banner (Next's route announcer is an empty `alert` too). */
function signInProblem(page: Page, text: string | RegExp) {
  return page.getByRole("alert").filter({ hasText: text });
}
