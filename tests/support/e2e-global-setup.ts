import type { FullConfig } from "@playwright/test";
import { e2eOidcSettings } from "./e2e-oidc";
import { startTestOidcProvider, type TestOidcProvider } from "./oidc-provider";

const HANDLE = Symbol.for("pilothouse.e2e.oidcProvider");
type Holder = { [HANDLE]?: TestOidcProvider };

/**
 * Starts the test OpenID provider for the browser suite. Playwright starts the webServer before
 * global setup; that is fine, Auth.js only contacts the issuer when someone signs in with it.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error("playwright.config.ts must set use.baseURL");
  const settings = e2eOidcSettings(Number(new URL(baseURL).port), baseURL);
  (globalThis as Holder)[HANDLE] = await startTestOidcProvider(settings);
}

/** Global teardown runs in the same runner process, so the handle is still here. */
export async function stopTestIdp() {
  const holder = globalThis as Holder;
  await holder[HANDLE]?.stop();
  delete holder[HANDLE];
}
