import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Environment, REQUIRED_SECRETS } from "./env";

type SecretName = (typeof REQUIRED_SECRETS)[number] | "EMBEDDED_POSTGRES_PASSWORD";
type SecretFile = Partial<Record<SecretName, string>>;

const generators: Record<SecretName, () => string> = {
  AUTH_SECRET: () => randomBytes(33).toString("base64"),
  PILOTHOUSE_MASTER_KEY: () => randomBytes(32).toString("base64"),
  EMBEDDED_POSTGRES_PASSWORD: () => randomBytes(24).toString("base64url"),
};

export function secretsFilePath(dataDir: string) {
  return path.join(dataDir, "secrets.json");
}

/**
 * Local mode only: make sure every secret that must exist does, generating the missing ones once
 * into `<dataDir>/secrets.json` (mode 0600). Values already in the environment win and are not
 * written. Returns the names it generated so start-up can say so.
 */
export function ensureLocalSecrets(dataDir: string, environment: Environment = process.env): SecretName[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = secretsFilePath(dataDir);
  const stored: SecretFile = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SecretFile) : {};
  const generated: SecretName[] = [];
  for (const name of Object.keys(generators) as SecretName[]) {
    if (environment[name] || stored[name]) continue;
    stored[name] = generators[name]();
    generated.push(name);
  }
  if (generated.length > 0) writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  if (existsSync(file)) chmodSync(file, 0o600);
  for (const [name, value] of Object.entries(stored)) environment[name] ??= value;
  return generated;
}
