#!/usr/bin/env node
// Browser tests drive Debian's Chromium (Playwright cannot download a browser on these machines).
// Install it when missing and we are root; otherwise say exactly what to run.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(chromium)) process.exit(0);

if (process.getuid?.() !== 0) {
  console.error(`Browser tests need Chromium at ${chromium}. Install it as root: apt-get install -y chromium`);
  process.exit(1);
}
console.log("[e2e] installing Debian's chromium (first run on this machine)…");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
if (!existsSync(chromium)) {
  console.error(`apt-get finished but ${chromium} is still missing`);
  process.exit(1);
}
