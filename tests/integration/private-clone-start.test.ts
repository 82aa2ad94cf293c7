/**
 * A fresh clone inside a private (0700) directory, the way root's home holds one: `npm start` and
 * the test suite's own database must both start there. As root, PostgreSQL runs as the `postgres`
 * user, which cannot enter a 0700 directory it does not own (docs/decisions/0040).
 *
 * The clone is the working tree's tracked files plus a hard-linked copy of node_modules (so the
 * embedded PostgreSQL binaries really live inside the private directory, as after `npm ci`).
 * The server runs in dev mode: a production build takes a minute or more on these machines, and
 * the start path under test (secrets, embedded PostgreSQL, migrations, listen) is the same code.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/server/db/free-port";
import { removeDataDirectory } from "@/lib/server/db/postgres-placement";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("a clone inside a 0700 directory", () => {
  let privateDir: string;
  let clone: string;

  beforeAll(() => {
    privateDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-private-"));
    chmodSync(privateDir, 0o700);
    clone = path.join(privateDir, "pilothouse");
    copyWorkingTree(clone);
  });

  afterAll(() => {
    removeDataDirectory(path.join(clone, ".data", "postgres"));
    rmSync(privateDir, { recursive: true, force: true });
  });

  it("starts Pilothouse with its data in the clone and answers /api/ready with 200", { timeout: 150_000 }, async () => {
    const port = await findFreePort();
    const server = startServer(clone, port);
    try {
      await server.ready;
      const response = await fetch(`http://127.0.0.1:${port}/api/ready`);
      expect(response.status, server.output()).toBe(200);
      expect(await response.json()).toMatchObject({ ready: true, checks: { database: "ok", migrations: "ok" } });
      // The data directory is where the README says it is (a link when PostgreSQL's user cannot enter the clone).
      expect(statSync(path.join(clone, ".data", "postgres", "PG_VERSION")).isFile()).toBe(true);
    } finally {
      const code = await server.stop();
      expect(code, server.output()).toBe(0);
    }
    expect(server.output()).not.toMatch(/EACCES|Unhandled 'error' event/);
  });

  it("starts the test suite's own embedded PostgreSQL from the clone, with TMPDIR private too", () => {
    const tmp = path.join(privateDir, "tmp");
    mkdirSync(tmp, { mode: 0o700 });
    const script = [
      'import { startTestPostgres, runSql } from "./tests/support/database.ts";',
      "const database = await startTestPostgres();",
      'const { rows } = await runSql(process.env.PILOTHOUSE_TEST_DATABASE_ADMIN_URL, "SELECT 1 AS one");',
      "await database.stop();",
      "console.log(`test database answered ${rows[0].one}`);",
    ].join("\n");
    writeFileSync(path.join(clone, "start-test-database.mts"), script);
    const output = execFileSync(process.execPath, [tsxCli(clone), "start-test-database.mts"], {
      cwd: clone,
      env: cleanEnv({ TMPDIR: tmp }),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(output).toContain("test database answered 1");
  });
});

/** Tracked files as they are in the working tree (edits included), the generated Prisma client, node_modules. */
function copyWorkingTree(target: string) {
  mkdirSync(target);
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file !== "" && existsSync(path.join(ROOT, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(target, file));
  }
  cpSync(path.join(ROOT, "lib/server/db/generated"), path.join(target, "lib/server/db/generated"), {
    recursive: true,
  });
  // Hard links: ~2 s for 1.2 GB, and every file is inside the private directory like after `npm ci`.
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(target, "node_modules")]);
}

function tsxCli(directory: string) {
  return path.join(directory, "node_modules", "tsx", "dist", "cli.mjs");
}

/** What a fresh shell would have: none of the test run's database or cluster variables. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "development",
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
}

function startServer(directory: string, port: number) {
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [tsxCli(directory), "server.ts"], {
    cwd: directory,
    env: cleanEnv({ PORT: String(port), PILOTHOUSE_DEV: "1", TMPDIR: path.join(directory, "..") }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 90 s:\n${output}`)), 90_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Pilothouse is ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    ready,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
