#!/usr/bin/env node
// `npm start`: build the Next app when the sources changed since the last build, then run
// server.ts in production mode on this Node (24, from the project's devDependency).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const IGNORED = new Set(["node_modules", ".next", "generated"]);

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (!IGNORED.has(child)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

function buildIsFresh() {
  const marker = ".next/BUILD_ID";
  if (!existsSync(marker)) return false;
  return statSync(marker).mtimeMs >= Math.max(...SOURCES.map(newestMtime));
}

process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1"; // nothing leaves the machine
if (process.env.PILOTHOUSE_SKIP_BUILD !== "1" && !buildIsFresh()) {
  console.log("[pilothouse] building the web app (first start or sources changed; about 30 s)…");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// `npm test` builds before Playwright starts the server, so the server's start-up wait covers
// only the start, however long a build takes on a busy machine.
if (process.env.PILOTHOUSE_BUILD_ONLY === "1") process.exit(0);

const { register } = await import("tsx/esm/api");
register();
await import("../server.ts");
