import { expect, test } from "./fixtures";
import { connectToE2eDatabase, createMember, createOrg } from "../support/e2e-db";

const db = connectToE2eDatabase();
test.afterAll(async () => db.$disconnect());

/** Bodies are read against a cap, never whole first (docs/security.md §3). */
test.describe("request body caps", () => {
  test("a server action body over 512 KiB is refused before the action runs", async ({ request, baseURL }) => {
    const page = await request.get("/sign-in");
    // The single sign-on form posts to a server action even without JavaScript; its id is in the page.
    const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(await page.text())?.[1];
    expect(actionField, "the sign-in page renders a server action form").toBeDefined();
    const post = (size: number) =>
      request.post("/sign-in", {
        headers: { Origin: new URL(baseURL!).origin },
        multipart: { [actionField!]: "", callbackUrl: `/${"x".repeat(size)}` },
        maxRedirects: 0,
      });
    // Under the cap the action runs: it sends the browser to the identity provider.
    const allowed = await post(100 * 1024);
    expect(allowed.status()).toBe(303);
    expect(allowed.headers().location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\?/);
    // Over it, Next refuses while reading the body (it answers 500, its own choice): no redirect, no action.
    const refused = await post(600 * 1024);
    expect(refused.status()).toBeGreaterThanOrEqual(400);
    expect(refused.headers().location).toBeUndefined();
  });

  test("an /api/v1 body over 1 MiB is refused with 413 PAYLOAD_TOO_LARGE naming the body", async ({ request }) => {
    const editor = await createMember(db, (await createOrg(db, "Body caps")).id, "editor");
    const response = await request.post("/api/v1/clusters", {
      headers: { Authorization: `Bearer ${editor.apiToken}`, "Content-Type": "application/json" },
      data: JSON.stringify({ name: "big", kubeconfig: "x".repeat(1024 * 1024 + 1) }),
    });
    expect(response.status()).toBe(413);
    expect((await response.json()).error).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "The request body is larger than 1 MiB.",
      path: "body",
    });
  });
});
