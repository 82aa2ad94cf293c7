import { createHash } from "node:crypto";
import { expect, test } from "./fixtures";
import { signUp } from "../support/e2e";
import { queryE2eDatabase } from "../support/e2e-db";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** Sign-outs and the session they end, whichever way they come (docs/security.md §3 and §5). */
test.describe("signing out", () => {
  test("through Auth.js's own endpoint is audited like the user menu, and ends the session row", async ({ page }) => {
    const account = await signUp(page);
    const session = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));
    expect(session).toBeDefined();
    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await page.request.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });
    expect(response.status()).toBeLessThan(400);
    expect(await queryE2eDatabase(`SELECT 1 FROM sessions WHERE session_token = $1`, [sha256(session!.value)])).toEqual(
      [],
    );
    const signOuts = await queryE2eDatabase<{ outcome: string }>(
      `SELECT o.outcome FROM audit_events e JOIN audit_event_outcomes o ON o.event_id = e.id
       WHERE e.action = 'session.sign_out' AND e.actor_email = $1`,
      [account.email],
    );
    expect(signOuts).toEqual([{ outcome: "success" }]);
  });

  test("from the user menu is audited once", async ({ page }) => {
    const account = await signUp(page);
    await page.getByTestId("user-menu-button").click();
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/sign-in/);
    const signOuts = await queryE2eDatabase<{ org_id: string | null }>(
      `SELECT e.org_id FROM audit_events e WHERE e.action = 'session.sign_out' AND e.actor_email = $1`,
      [account.email],
    );
    expect(signOuts).toHaveLength(1);
    expect(signOuts[0]!.org_id).not.toBeNull(); // the org the session worked in sees it
  });
});
