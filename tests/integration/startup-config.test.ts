import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Bad configuration stops `server.ts` with a message naming the variable, never a stack trace. */
function startServer(environment: Record<string, string>, prepare: (dataDir: string) => void = () => {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-badconfig-"));
  prepare(dataDir);
  const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { NODE_ENV: "production", PATH: process.env.PATH, PILOTHOUSE_DATA_DIR: dataDir, PORT: "3999", ...environment },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { ...result, dataDir };
}

describe("server start-up with bad configuration", () => {
  it.each([
    [{ DATABASE_URL: "mysql://root@localhost/pilothouse" }, "DATABASE_URL"],
    [{ PORT: "not-a-port" }, "PORT"],
    [
      {
        PILOTHOUSE_MODE: "production",
        DATABASE_URL: "postgresql://a:b@127.0.0.1:1/db",
        PILOTHOUSE_URL: "https://ph.example.test",
      },
      "AUTH_SECRET",
    ],
  ])("refuses %j naming %s", (environment, variable) => {
    const { status, stderr, stdout, dataDir } = startServer(environment);
    expect(status).toBe(1);
    expect(stderr).toContain("Pilothouse cannot start: invalid configuration");
    expect(stderr).toMatch(new RegExp(`^  ${variable}: `, "m"));
    expect(stderr + stdout).not.toMatch(/^\s+at /m);
    // Nothing half-written: no secrets generated, no database initialised.
    expect(existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
    expect(existsSync(path.join(dataDir, "postgres"))).toBe(false);
  });
});

describe("server start-up when the embedded database cannot start", () => {
  it("stops with a sentence that says what to do, not an unhandled error", () => {
    // A data directory that holds something but no database: initdb would refuse it.
    const { status, stderr, stdout } = startServer({}, (dataDir) => {
      mkdirSync(path.join(dataDir, "postgres"));
      writeFileSync(path.join(dataDir, "postgres", "stray-file"), "not a database");
    });
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /^Pilothouse cannot start: the embedded PostgreSQL could not start: .*postgres holds files but no database .*\. Remove that directory and start again\. Or set DATABASE_URL to use a PostgreSQL server of your own\.$/m,
    );
    expect(stderr + stdout).not.toMatch(/^\s+at |Unhandled 'error' event/m);
  });
});
