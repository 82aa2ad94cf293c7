import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_OUTPUT_DIR } from "./tests/support/e2e-artifacts";
import { e2eCloudEnv } from "./tests/support/e2e-cloud";
import { e2eOidcSettings } from "./tests/support/e2e-oidc";
import { LIVE_CHANGE_TIMEOUT } from "./tests/support/live-change";

const port = Number(process.env.PILOTHOUSE_E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// A throwaway state directory: the browser suite starts from an empty install every run.
const dataDir = process.env.PILOTHOUSE_E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "pilothouse-e2e-"));
process.env.PILOTHOUSE_E2E_DATA_DIR = dataDir;
// A local OpenID provider (started by the global setup) that the server offers as "Continue with Test IdP".
const oidc = e2eOidcSettings(port, baseURL);

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  // Failure artifacts (traces, error-context.md): the Secret canary check searches them too.
  outputDir: E2E_OUTPUT_DIR,
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  // Generous waits: password hashing and first compiles take seconds on a busy 2-core machine.
  // No behaviour is asserted by these defaults, and no test promises a time (timings go in bench/).
  // Most waits are for a live change (the cluster or the socket), so an expectation waits that
  // long by default; it passes as soon as it holds.
  timeout: 60_000,
  expect: { timeout: LIVE_CHANGE_TIMEOUT },
  globalSetup: "./tests/support/e2e-global-setup.ts",
  globalTeardown: "./tests/support/e2e-global-teardown.ts",
  reporter: process.env.PILOTHOUSE_E2E_REPORT
    ? [["list"], ["json", { outputFile: process.env.PILOTHOUSE_E2E_REPORT }]]
    : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node scripts/start.mjs",
    url: `${baseURL}/api/ready`,
    // The first start builds the app: minutes on a busy two-core machine.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      PILOTHOUSE_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      // The test clusters listen on loopback, which the outbound policy refuses by default.
      PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS: "127.0.0.1/32",
      PILOTHOUSE_OIDC_ISSUER: oidc.issuer,
      PILOTHOUSE_OIDC_CLIENT_ID: oidc.clientId,
      PILOTHOUSE_OIDC_CLIENT_SECRET: oidc.clientSecret,
      PILOTHOUSE_OIDC_NAME: oidc.name,
      // Cloud connectors reach the loopback AWS STS stand-in that tests/e2e/cloud-connectors.spec.ts starts.
      ...e2eCloudEnv(port),
    },
  },
});
