import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, type Locator, type Page, test } from "./fixtures";
import { describeCluster, readTestClusters, testClusterIds } from "../support/clusters";
import { connectToE2eDatabase, createMember } from "../support/e2e-db";
import { newAccount, signUp } from "../support/e2e";
import { LIVE_CHANGE_TIMEOUT } from "../support/live-change";

/**
 * What a new team hits in its first hour: a cluster that goes down and comes back, errors in the
 * add-cluster form, role changes, re-invites, joining through a link, toasts over dialogs, phones.
 */

const CLUSTER_ENV = path.resolve(import.meta.dirname, "../support/realcluster/cluster-env.sh");

function kubeconfigOf(id: number, kind: "admin" | "token") {
  const published = readTestClusters().find((cluster) => cluster.id === id);
  return readFileSync((published ?? describeCluster(id)).kubeconfigPaths[kind], "utf8");
}

function tokenFormOf(id: number) {
  const text = kubeconfigOf(id, "token");
  return {
    server: describeCluster(id).server,
    token: text.match(/^\s*token:\s*(\S+)\s*$/m)![1]!,
    ca: Buffer.from(text.match(/^\s*certificate-authority-data:\s*(\S+)\s*$/m)![1]!, "base64").toString("utf8"),
  };
}

async function addWithTokenForm(page: Page, name: string, form: { server: string; token: string; ca: string }) {
  await page.getByTestId("add-cluster-button").first().click();
  await page.getByTestId("token-tab").click();
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("token-server").fill(form.server);
  await page.getByTestId("token-ca").fill(form.ca);
  await page.getByTestId("token-token").fill(form.token);
}

async function orgIdOf(page: Page): Promise<string> {
  return ((await (await page.request.get("/api/v1/me")).json()) as { org: { id: string } }).org.id;
}

/** The element is entirely inside the viewport: nothing of it cut off on either side. */
async function expectInsideViewport(locator: Locator, label: string) {
  const box = await locator.boundingBox();
  const width = locator.page().viewportSize()!.width;
  expect(box, `${label} is laid out`).not.toBeNull();
  expect(box!.x, `${label} starts inside the viewport`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${label} ends inside the viewport`).toBeLessThanOrEqual(width);
}

test.describe("cluster health", () => {
  // The suite's second test cluster is stopped and started here; the other browser tests use the first.
  const id = testClusterIds()[1];

  test.afterAll(() => {
    if (id !== undefined) execFileSync("bash", [CLUSTER_ENV, "up", String(id)], { stdio: "ignore" });
  });

  test("a cluster that goes down and comes back is healthy again within 30 s, without a reload", async ({ page }) => {
    test.setTimeout(150_000);
    expect(id, "PILOTHOUSE_TEST_CLUSTER_IDS names a second cluster for this test").toBeDefined();
    const name = "comes-back";
    await signUp(page);
    await page.goto("/clusters");
    await addWithTokenForm(page, name, tokenFormOf(id!));
    await page.getByTestId("token-submit").click();
    const status = page.getByTestId(`cluster-status-${name}`);
    await expect(status).toHaveText("healthy", { timeout: LIVE_CHANGE_TIMEOUT });

    // The top bar's switcher lists it, live, and opens it.
    await page.getByTestId("cluster-switcher").click();
    await page.getByTestId("cluster-switcher-menu").getByTestId(`cluster-option-${name}`).click();
    await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("cluster-switcher").getByTestId("current-cluster")).toHaveText(name);

    execFileSync("bash", [CLUSTER_ENV, "down", String(id)], { stdio: "ignore" });
    // Three failed checks open the circuit; "Check now" runs them without waiting 15 s each.
    const checkNow = page.getByTestId(`cluster-check-now-${name}`);
    const timing = page.getByTestId(`cluster-timing-${name}`);
    const refused = page.getByTestId(`cluster-check-now-problem-${name}`);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // Once per 5 s per cluster: a click that comes too early is refused and said so; try again.
      await expect(async () => {
        await checkNow.click();
        await expect(checkNow).not.toHaveAttribute("aria-busy", "true", { timeout: LIVE_CHANGE_TIMEOUT });
        await expect(refused).toHaveCount(0, { timeout: 100 });
      }).toPass({ timeout: 2 * LIVE_CHANGE_TIMEOUT, intervals: [1_000] });
      await expect(status).toHaveText("unreachable");
    }
    // Paused, and the page says when the next check is (never "every 15 s" while paused).
    await expect(timing).toHaveAttribute("data-circuit", "open", { timeout: LIVE_CHANGE_TIMEOUT });
    await expect(timing).toContainText(/Checks paused after repeated failures · (next check in \d+ s|checking now)/);
    await expect(timing).not.toContainText("every 15 s");

    // Start it again; the clock starts when its API server accepts connections again.
    const starting = spawn("bash", [CLUSTER_ENV, "up", String(id)], { stdio: "ignore" });
    const started = new Promise((resolve) => starting.once("exit", resolve));
    await waitForPort(Number(new URL(describeCluster(id!).server).port));
    // The half-open probe (5 s → 10 s → 20 s, capped) finds it: healthy without a reload.
    await expect(status).toHaveText("healthy", { timeout: LIVE_CHANGE_TIMEOUT });
    await expect(timing).toHaveAttribute("data-circuit", "closed");
    await expect(timing).toContainText("every 15 s");
    await started;
  });
});

test.describe("adding clusters", () => {
  test("each error is shown once, under the field it is about; a failed test and a duplicate both ask first", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signUp(page);
    await page.goto("/clusters");
    const real = tokenFormOf(testClusterIds()[0]!);

    // A refused address: under Server URL, not under the name, not in a box, not in a toast.
    await addWithTokenForm(page, "metadata", { ...real, server: "https://169.254.169.254" });
    await page.getByTestId("token-submit").click();
    const server = page.getByTestId("token-server");
    await expect(server).toHaveAttribute("aria-invalid", "true");
    await expect(server).toHaveAccessibleDescription(/169\.254\.169\.254/);
    await expect(page.getByTestId("token-name")).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("form-error")).toHaveCount(0);
    await expect(page.getByTestId("toast")).toHaveCount(0);
    await expect(page.getByTestId("add-cluster-dialog").getByText(/169\.254\.169\.254/)).toHaveCount(1);

    // A kubeconfig with several problems lists them where they are: each refused context in its row.
    await page.getByTestId("kubeconfig-tab").click();
    await page.getByTestId("kubeconfig-input").fill(twoBadContexts(real.server));
    await expect(page.getByTestId("context-problem-one")).toContainText("users[0].user.exec");
    await expect(page.getByTestId("context-problem-two")).toContainText("users[1].user");
    await expect(page.getByTestId("kubeconfig-input-problems")).toContainText("None of the 2 contexts");
    await page.getByTestId("add-cluster-dialog-close").click();

    // The connection test fails (a wrong token): saving asks "add anyway?".
    await addWithTokenForm(page, "wrong token", { ...real, token: "not-the-right-token" });
    await page.getByTestId("token-test").click();
    await expect(page.getByTestId("token-test-result")).toContainText(/credential/i, { timeout: LIVE_CHANGE_TIMEOUT });
    await page.getByTestId("token-submit").click();
    await expect(page.getByTestId("add-anyway-prompt")).toHaveAttribute("data-kind", "failed-test");
    await page.getByTestId("add-anyway-confirm").click();
    await expect(page.getByTestId("cluster-card-wrong token")).toBeVisible();

    // The same server with the same identity again: it warns before adding a second entry.
    await addWithTokenForm(page, "first", real);
    await page.getByTestId("token-submit").click();
    await expect(page.getByTestId("cluster-card-first")).toBeVisible();
    await addWithTokenForm(page, "second", real);
    await page.getByTestId("token-submit").click();
    const prompt = page.getByTestId("add-anyway-prompt");
    await expect(prompt).toHaveAttribute("data-kind", "duplicate");
    await expect(prompt).toContainText('"first" already connects to this server with the same credential');
    await page.getByTestId("add-anyway-confirm").click();
    await expect(page.getByTestId("cluster-card-second")).toBeVisible();
  });
});

test.describe("team", () => {
  test("every role change asks, naming the person and both roles; owner needs the email typed", async ({ page }) => {
    await signUp(page);
    const db = connectToE2eDatabase();
    try {
      const member = await createMember(db, await orgIdOf(page), "viewer");
      const email = member.user.email;
      await page.goto("/settings/members");
      const select = page.getByTestId(`member-role-${email}`);

      await select.selectOption("admin");
      const dialog = page.getByTestId("role-change-dialog");
      await expect(dialog).toContainText(`Change ${member.user.name}'s role from viewer to admin?`);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(select).toHaveValue("viewer");
      await page.reload();
      await expect(page.getByTestId(`member-role-${email}`)).toHaveValue("viewer");

      await page.getByTestId(`member-role-${email}`).selectOption("owner");
      const confirm = page.getByTestId("role-change-confirm");
      await expect(confirm).toBeDisabled();
      await page.getByTestId("role-change-typed").fill("someone else");
      await expect(confirm).toBeDisabled();
      await page.getByTestId("role-change-typed").fill(email);
      await confirm.click();
      await expect(page.getByTestId("toast").filter({ hasText: `${member.user.name} is now an owner` })).toBeVisible();
      await expect(page.getByTestId(`member-role-${email}`)).toHaveValue("owner");
    } finally {
      await db.$disconnect();
    }
  });

  test("re-inviting an email asks first; the link already sent keeps working unless replaced", async ({ page }) => {
    await signUp(page);
    await page.goto("/settings/members");
    const email = `again-${Date.now()}@example.test`;
    const invite = async () => {
      await page.getByTestId("invite-email").fill(email);
      await page.getByTestId("invite-submit").click();
    };
    await invite();
    const first = await page.getByTestId("invite-link").inputValue();

    await invite();
    await expect(page.getByTestId("invite-replace-prompt")).toContainText(`${email} already has a pending invitation`);
    await page.getByTestId("invite-keep").click();
    expect(await (await page.request.get(first)).text()).not.toContain("withdrawn");

    await invite();
    await page.getByTestId("invite-replace").click();
    await expect(page.getByTestId("invite-link")).not.toHaveValue(first);
    expect(await (await page.request.get(first)).text()).toContain("This invitation was withdrawn");
  });

  test("signing up through an invitation link joins the org in one step", async ({ browser }) => {
    const owner = newAccount("olga");
    const invitee = newAccount("ivan");
    const ownerContext = await browser.newContext();
    const inviteeContext = await browser.newContext();
    const a = await ownerContext.newPage();
    const b = await inviteeContext.newPage();
    await signUp(a, owner);
    await a.goto("/settings/members");
    await a.getByTestId("invite-email").fill(invitee.email);
    await a.getByTestId("invite-role").selectOption("editor");
    await a.getByTestId("invite-submit").click();
    const link = await a.getByTestId("invite-link").inputValue();

    await b.goto(link);
    await b.getByTestId("invite-sign-up").click();
    await b.getByTestId("signup-name").fill(invitee.name);
    await b.getByTestId("signup-password").fill(invitee.password);
    await b.getByTestId("signup-submit").click();
    await expect(b.getByTestId("app-shell")).toBeVisible({ timeout: 20_000 });
    await expect(b.getByTestId("current-org")).toHaveText(owner.org);
    await expect(b.getByTestId("current-role")).toHaveText("editor");
    await ownerContext.close();
    await inviteeContext.close();
  });

  test("the sign-up form speaks for itself: no browser validation bubbles, each error under its field", async ({
    page,
  }) => {
    await page.goto("/sign-up");
    await page.getByTestId("signup-email").fill("not-an-email");
    await page.getByTestId("signup-password").fill("short");
    await page.getByTestId("signup-submit").click();
    await expect(page.getByTestId("signup-email")).toHaveAccessibleDescription(/must be an email address/);
    await expect(page.getByTestId("signup-password")).toHaveAccessibleDescription(/at least 10 characters/);
    await expect(page.getByTestId("signup-name")).toHaveAccessibleDescription(/is required/);
  });
});

test.describe("everywhere", () => {
  test("a toast raised while a dialog is open shows above its backdrop, and can be dismissed", async ({ page }) => {
    await signUp(page);
    const db = connectToE2eDatabase();
    try {
      const member = await createMember(db, await orgIdOf(page), "viewer");
      await page.goto("/settings/members");
      await page.getByTestId(`member-remove-${member.user.email}`).click();
      const dialog = page.getByTestId("remove-member-dialog");
      await expect(dialog).toBeVisible();
      // Someone else removed them meanwhile: confirming fails, and the dialog stays open.
      await db.membership.delete({ where: { id: member.membership.id } });
      await page.getByTestId("member-remove-confirm").click();
      const toast = page.getByTestId("toast").filter({ hasText: "Member not found" });
      await expect(toast).toBeVisible();
      await expect(dialog).toBeVisible();
      // What is painted at the toast's centre is the toast itself, not the backdrop or the dialog.
      const onTop = await toast.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return hit !== null && element.contains(hit);
      });
      expect(onTop).toBe(true);
      await toast.getByRole("button", { name: "Dismiss notification" }).click();
      await expect(toast).toHaveCount(0);
      await expect(dialog).toBeVisible();
      // The same failure again is one toast with a count, not a pile.
      await page.getByTestId("member-remove-confirm").click();
      await page.getByTestId("member-remove-confirm").click();
      await expect(page.getByTestId("toast")).toHaveCount(1);
      await expect(page.getByTestId("toast")).toHaveAttribute("data-count", "2");
    } finally {
      await db.$disconnect();
    }
  });

  test("at 360 px the members and audit pages cut nothing off", async ({ page }) => {
    await signUp(page);
    const db = connectToE2eDatabase();
    try {
      const member = await createMember(db, await orgIdOf(page), "editor");
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto("/settings/members");
      for (const testId of [
        `member-role-${member.user.email}`,
        `member-remove-${member.user.email}`,
        "current-org",
        "invite-submit",
      ]) {
        await expectInsideViewport(page.getByTestId(testId), testId);
      }
      const orgName = await page
        .getByTestId("current-org")
        .evaluate((element) => element.scrollWidth > element.clientWidth);
      expect(orgName, "the organization's name fits the top bar").toBe(false);

      await page.goto("/audit");
      const rows = page.getByTestId("audit-row");
      await expect(rows.first()).toBeVisible();
      for (const row of await rows.all()) await expectInsideViewport(row, "an audit row");
      await expectInsideViewport(rows.first().getByTestId("audit-outcome"), "an audit outcome");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await db.$disconnect();
    }
  });

  test("the first load asks for no missing file (a favicon)", async ({ page }) => {
    const missing: string[] = [];
    page.on("response", (response) => response.status() === 404 && missing.push(response.url()));
    await page.goto("/sign-in");
    await expect(page.getByTestId("sign-in-form")).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(missing).toEqual([]);
    expect((await page.request.get("/favicon.ico")).status()).toBe(200);
  });
});

/** Resolves once something accepts TCP connections on the loopback port (polled, for at most 120 s). */
async function waitForPort(port: number) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after 120 s`);
}

/** Two contexts, each refused for its own reason. */
function twoBadContexts(server: string) {
  return `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: ${server}
contexts:
- name: one
  context: {cluster: c, user: u1}
- name: two
  context: {cluster: c, user: u2}
current-context: one
users:
- name: u1
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /bin/true}
- name: u2
  user:
    username: admin
    password: hunter2
`;
}
