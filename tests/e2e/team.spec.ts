import { expect, test } from "./fixtures";
import { newAccount, signUp } from "../support/e2e";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * The done-when flow, in two browsers: A founds an org and invites B; B accepts and
 * works as a viewer; A promotes B and B's page follows; A removes B and B's open page loses
 * access without a reload. (How fast is for bench/: a test under load only waits for it.)
 */
test("invite, promote and remove a teammate, live in the teammate's browser", async ({ browser }) => {
  test.setTimeout(90_000);
  const alice = newAccount("alice");
  const bob = newAccount("bob");
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const a = await contextA.newPage();
  const b = await contextB.newPage();

  await test.step("A signs up, creates the org and invites B as a viewer", async () => {
    await signUp(a, alice);
    await expect(a.getByTestId("current-role")).toHaveText("owner");
    await a.goto("/settings/members");
    await expect(a.getByTestId(`member-row-${alice.email}`)).toBeVisible();
    await a.getByTestId("invite-email").fill(bob.email);
    await a.getByTestId("invite-role").selectOption("viewer");
    await a.getByTestId("invite-submit").click();
    await expect(a.getByTestId("invite-link")).toBeVisible();
    await expect(a.getByTestId(`invitation-row-${bob.email}`)).toBeVisible();
  });
  const link = await a.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  await test.step("B opens the link signed out, creates an account and is in the org at once", async () => {
    await b.goto(link);
    await expect(b.getByTestId("invite-org")).toHaveText(alice.org);
    await expect(b.getByTestId("invite-role-offered")).toHaveText("viewer");
    await expect(b.getByTestId("invite-inviter")).toContainText(alice.name);
    await b.getByTestId("invite-sign-up").click();
    await b.getByTestId("signup-name").fill(bob.name);
    await expect(b.getByTestId("signup-email")).toHaveValue(bob.email);
    await b.getByTestId("signup-password").fill(bob.password);
    await b.getByTestId("signup-submit").click();
    // Signing up through the link is accepting it: no second "Join" click.
    await expect(b.getByTestId("app-shell")).toBeVisible({ timeout: 20_000 });
    await expect(b.getByTestId("current-org")).toHaveText(alice.org);
    await expect(b.getByTestId("current-role")).toHaveText("viewer");
  });

  await test.step("B, as a viewer, sees the members but no controls to change them", async () => {
    await b.goto("/settings/members");
    await expect(b.getByTestId(`member-row-${alice.email}`)).toBeVisible();
    await expect(b.getByTestId("members-readonly-note")).toBeVisible();
    await expect(b.getByTestId(`member-remove-${alice.email}`)).toHaveCount(0);
    await expect(b.getByTestId("invite-forbidden")).toBeVisible();
    // The same permission table drives the Clusters page: the button is there, disabled, saying why.
    await b.goto("/clusters");
    await expect(b.getByTestId("add-cluster-button")).toBeDisabled();
    await expect(b.getByText("Requires the owner, admin or editor role to add clusters.")).toBeVisible();
    await b.goto("/settings/members");
    // The link was single use.
    const reused = await contextA.request.get(link);
    expect(await reused.text()).toContain("already been used");
  });

  await test.step("A promotes B to editor; B's open page shows it without a reload", async () => {
    await a.goto("/settings/members");
    await a.getByTestId(`member-role-${bob.email}`).selectOption("editor");
    await a.getByTestId("role-change-confirm").click();
    await expect(b.getByTestId("current-role")).toHaveText("editor", { timeout: LIVE_CHANGE_TIMEOUT });
    await expect(a.getByTestId("toast").filter({ hasText: "is now an editor" })).toBeVisible();
    // An editor may manage clusters: the same page now offers the button.
    await b.goto("/clusters");
    await expect(b.getByTestId("add-cluster-button")).toBeEnabled();
  });

  await test.step("A removes B; B's open page loses access without a reload", async () => {
    await a.getByTestId(`member-remove-${bob.email}`).click();
    const dialog = a.getByTestId("remove-member-dialog");
    await expect(dialog).toContainText(bob.name);
    await a.getByTestId("member-remove-confirm").click();
    await expect(b.getByTestId("no-org-page")).toBeVisible({ timeout: LIVE_CHANGE_TIMEOUT });
    await expect(a.getByTestId(`member-row-${bob.email}`)).toHaveCount(0);
    // The session cannot reach the org's API any more either.
    const api = await contextB.request.get("/api/v1/members");
    expect(api.status()).toBe(403);
  });

  await contextA.close();
  await contextB.close();
});

test("a person works in several orgs: create one from the switcher, switch back and forth", async ({ page }) => {
  const carol = await signUp(page, newAccount("carol"));
  await expect(page.getByTestId("current-org")).toHaveText(carol.org);
  await page.getByTestId("org-switcher").click();
  await page.getByTestId("create-org-open").click();
  await page.getByTestId("create-org-name").fill(`${carol.org} two`);
  await page.getByTestId("create-org-submit").click();
  await expect(page.getByTestId("current-org")).toHaveText(`${carol.org} two`);
  await expect(page.getByTestId("current-role")).toHaveText("owner");
  await page.getByTestId("org-switcher").click();
  await page.getByTestId(`org-option-${carol.org}`).click();
  await expect(page.getByTestId("current-org")).toHaveText(carol.org);
  const me = await page.request.get("/api/v1/me");
  expect(await me.json()).toMatchObject({ org: { name: carol.org }, role: "owner", user: { email: carol.email } });
});

test("signing out everywhere closes the other browser's page", async ({ browser }) => {
  const dave = newAccount("dave");
  const first = await browser.newContext();
  const second = await browser.newContext();
  const one = await first.newPage();
  const two = await second.newPage();
  await signUp(one, dave);
  await two.goto("/sign-in");
  await two.getByTestId("signin-email").fill(dave.email);
  await two.getByTestId("signin-password").fill(dave.password);
  await two.getByTestId("signin-submit").click();
  await expect(two.getByTestId("app-shell")).toBeVisible();
  await one.getByTestId("user-menu-button").click();
  await expect(one.getByTestId("user-menu-email")).toHaveText(dave.email);
  await one.getByTestId("sign-out-everywhere").click();
  await one.getByTestId("sign-out-everywhere-confirm").click();
  await expect(one).toHaveURL(/\/sign-in/);
  await expect(two).toHaveURL(/\/sign-in/, { timeout: LIVE_CHANGE_TIMEOUT });
  await first.close();
  await second.close();
});

test("an invitation opened while signed in as someone else explains and offers to switch account", async ({
  browser,
}) => {
  const erin = newAccount("erin");
  const frank = newAccount("frank");
  const contextE = await browser.newContext();
  const contextF = await browser.newContext();
  const e = await contextE.newPage();
  const f = await contextF.newPage();
  await signUp(e, erin);
  await e.goto("/settings/members");
  await e.getByTestId("invite-email").fill(`someone-else-${Date.now()}@example.test`);
  await e.getByTestId("invite-submit").click();
  const link = await e.getByTestId("invite-link").inputValue();
  await signUp(f, frank);
  await f.goto(link);
  await expect(f.getByTestId("invite-wrong-account")).toContainText(frank.email);
  await expect(f.getByTestId("accept-invite")).toHaveCount(0);
  await f.goto("/invite/not-a-real-invitation-token-at-all-000000000");
  await expect(f.getByTestId("invite-invalid")).toBeVisible();
  await contextE.close();
  await contextF.close();
});

test("the top bar and the members page stay readable at 360 px", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signUp(page, newAccount("gina"));
  await expect(page.getByTestId("current-role")).toBeVisible();
  for (const path of ["/", "/settings/members", "/settings"]) {
    await page.goto(path);
    await expect(page.getByTestId("page-title")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test("the members and invitations API: allowlisted fields, org-scoped ids, the same 404", async ({ page, baseURL }) => {
  const hank = await signUp(page, newAccount("hank"));
  const headers = { Origin: baseURL!, "Content-Type": "application/json" };
  const created = await page.request.post("/api/v1/invitations", {
    headers,
    data: { email: `ivy-${Date.now()}@example.test`, role: "editor" },
  });
  expect(created.status()).toBe(201);
  const body = await created.json();
  expect(Object.keys(body.invitation).sort()).toEqual(["createdAt", "email", "expiresAt", "id", "invitedBy", "role"]);
  expect(body.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  const listed = await (await page.request.get("/api/v1/invitations")).json();
  expect(listed.invitations.map((invitation: { id: string }) => invitation.id)).toContain(body.invitation.id);
  expect(JSON.stringify(listed)).not.toContain(body.url.split("/invite/")[1]);

  const { members } = await (await page.request.get("/api/v1/members")).json();
  expect(members).toEqual([
    {
      id: expect.any(String),
      role: "owner",
      joinedAt: expect.any(String),
      user: expect.objectContaining({ email: hank.email }),
    },
  ]);
  const self = await page.request.patch(`/api/v1/members/${members[0].id}`, { headers, data: { role: "viewer" } });
  expect(self.status()).toBe(409); // the last owner stays an owner
  for (const id of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
    const missing = await page.request.patch(`/api/v1/members/${id}`, { headers, data: { role: "viewer" } });
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: "NOT_FOUND", message: "Member not found." });
  }
  const badRole = await page.request.patch(`/api/v1/members/${members[0].id}`, { headers, data: { role: "root" } });
  expect(badRole.status()).toBe(422);

  const revoked = await page.request.delete(`/api/v1/invitations/${body.invitation.id}`, {
    headers: { Origin: baseURL! },
  });
  expect(revoked.status()).toBe(200);
  expect((await (await page.request.get("/api/v1/invitations")).json()).invitations).toEqual([]);
  const link = await page.request.get(body.url);
  expect(await link.text()).toContain("This invitation was withdrawn");
});
