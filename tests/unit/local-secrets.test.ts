import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Environment } from "@/lib/server/config/env";
import { ensureLocalSecrets, secretsFilePath } from "@/lib/server/config/local-secrets";

function freshDir() {
  return path.join(mkdtempSync(path.join(os.tmpdir(), "pilothouse-secrets-")), "data");
}

describe("ensureLocalSecrets", () => {
  it("generates every missing secret once into a 0600 file", () => {
    const dataDir = freshDir();
    const environment: Environment = {};
    const generated = ensureLocalSecrets(dataDir, environment);
    expect(generated.sort()).toEqual(["AUTH_SECRET", "EMBEDDED_POSTGRES_PASSWORD", "PILOTHOUSE_MASTER_KEY"]);
    expect(statSync(secretsFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(environment.PILOTHOUSE_MASTER_KEY!, "base64")).toHaveLength(32);
    expect(environment.AUTH_SECRET!.length).toBeGreaterThanOrEqual(32);
  });

  it("keeps the same secrets across restarts", () => {
    const dataDir = freshDir();
    const first: Environment = {};
    ensureLocalSecrets(dataDir, first);
    const second: Environment = {};
    expect(ensureLocalSecrets(dataDir, second)).toEqual([]);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(second.PILOTHOUSE_MASTER_KEY).toBe(first.PILOTHOUSE_MASTER_KEY);
  });

  it("never writes a secret the environment already provides", () => {
    const dataDir = freshDir();
    const environment: Environment = { AUTH_SECRET: "from-the-environment-".repeat(3) };
    ensureLocalSecrets(dataDir, environment);
    const stored = JSON.parse(readFileSync(secretsFilePath(dataDir), "utf8")) as Record<string, string>;
    expect(stored.AUTH_SECRET).toBeUndefined();
    expect(environment.AUTH_SECRET).toBe("from-the-environment-".repeat(3));
  });
});
